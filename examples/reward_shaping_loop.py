# %% [markdown]
# # Reward shaping: a progress bonus that creates a loop, and a potential that does not
#
# **Concepts shown:** reward shaping; potential-based reward shaping.
#
# Reward shaping adds an extra, hand-designed reward F to the task reward to give the learner
# hints, for instance a bonus for getting closer to the goal. The danger is that the agent
# optimizes the sum, not the designer's intention. Here the naive hint is "+0.3 for every step
# that reduces the Manhattan distance to the goal", with nothing taken away for stepping back.
# Stepping back and forth then earns the bonus again and again, so a reward-maximizing agent
# circles forever instead of finishing. Ng, Harada and Russell (1999) showed
# which shaping terms are safe: if F(s, s') = γ Φ(s') − Φ(s) for some potential Φ over states
# (with Φ = 0 at the terminal goal), the discounted shaping reward along any path of T steps
# adds up to γ^T Φ(end) − Φ(start), so going around a loop cannot keep earning it. Every policy's
# value shifts by the same −Φ(s), and the optimal policy is unchanged. The potential used here
# rests on the same "closer is better" intuition: Φ(s) = γ^(d − 1), where d is the Manhattan
# distance to the goal, which is the value the state would have if no walls were in the way.
# Ng et al. point out that a good potential is an estimate of the optimal value function, and
# this is such an estimate.
#
# The gridworld has random walls, a start and a goal drawn from `DEMO_SEED`. The task reward is
# +1 for entering the goal, which ends the episode; moves are deterministic; γ = 0.95.
#
# **What you'll see:** exact optimal policies (value iteration on the environment's model) for
# three rewards: task reward only, task reward plus the naive bonus, and task reward plus the
# potential-based term. The naive one loops forever; the potential-based one reaches the goal by
# a shortest path, exactly like the unshaped one. A second experiment runs tabular Q-learning
# with each reward: the naive bonus teaches the learner to loop, and the potential-based term
# makes it reach the goal more often in the same number of steps than the task reward alone.
#
# **Claim:** on every seed, the optimal policy under the naive progress bonus never reaches the
# goal, while the optimal policy under potential-based shaping reaches it and picks only actions
# that are optimal for the unshaped task; Q-learners with the potential-based term reach the goal
# more often than Q-learners without shaping, and Q-learners with the naive bonus less often.
#
# Source: A. Y. Ng, D. Harada and S. Russell, "Policy invariance under reward transformations:
# theory and application to reward shaping", ICML 1999.

# %%
import os
from collections import deque

import gymnasium
import matplotlib.pyplot as plt
import numpy as np
from gymnasium import spaces
from gymnasium.utils.env_checker import check_env

# %%
SEED = int(os.environ.get("DEMO_SEED", "0"))  # seeds the layout and every random draw below
ENV_ID = "ShapingGridworld-v0"  # id under which the environment is registered
HEIGHT, WIDTH = 6, 8  # grid size in cells
N_WALLS = 10  # interior wall cells placed at random
MIN_START_GOAL_DISTANCE = 7  # shortest-path steps from start to goal, at least
GOAL_REWARD = 1.0  # task reward for entering the goal (the only task reward)
GAMMA = 0.95  # discount factor
BONUS = 0.3  # naive bonus per step that reduces the Manhattan distance to the goal
MAX_EPISODE_STEPS = 200  # time limit of the registered environment
VI_TOL = 1e-12  # value iteration stops when no value changes by more than this
MATCH_TOL = 1e-6  # two actions count as equally good if their values differ by less
N_RUNS = 30  # independent Q-learning runs per reward
TRAIN_STEPS = 6_000  # environment steps per Q-learning run
TRAIN_EPISODE_STEPS = 100  # time limit of training episodes
EPSILON = 0.1  # exploration rate of the epsilon-greedy learner
ALPHA = 0.5  # Q-learning step size (moves are deterministic, so a large step is fine)

MOVES = np.array([[-1, 0], [0, 1], [1, 0], [0, -1]])  # up, right, down, left as (row, col)
REWARDS = ("unshaped", "naive", "potential")  # the three reward functions compared

# %% [markdown]
# ## The environment
#
# A plain gridworld. Its `step` returns only the task reward; the shaping terms are added by the
# learner, as a designer would. The environment exposes its deterministic model (`next_state`,
# `reward`, `terminal`), which value iteration uses.


# %%
def bfs_distances(free, source):
    """Shortest-path step counts from `source` over free cells (-1 where unreachable)."""
    dist = np.full(free.shape, -1)
    dist[source] = 0
    queue = deque([source])
    while queue:
        r, c = queue.popleft()
        for dr, dc in MOVES:
            nr, nc = r + dr, c + dc
            inside = 0 <= nr < free.shape[0] and 0 <= nc < free.shape[1]
            if inside and free[nr, nc] and dist[nr, nc] < 0:
                dist[nr, nc] = dist[r, c] + 1
                queue.append((nr, nc))
    return dist


def make_layout(layout_seed):
    """Random walls plus a start and a goal that are far enough apart; all free cells connected."""
    rng = np.random.default_rng(layout_seed)
    while True:
        free = np.ones((HEIGHT, WIDTH), dtype=bool)
        free.flat[rng.choice(HEIGHT * WIDTH, N_WALLS, replace=False)] = False
        cells = np.argwhere(free)
        goal = tuple(cells[rng.integers(len(cells))])
        dist = bfs_distances(free, goal)
        if (dist[free] < 0).any():
            continue
        far_enough = np.argwhere(dist >= MIN_START_GOAL_DISTANCE)
        if len(far_enough) == 0:
            continue
        return free, tuple(far_enough[rng.integers(len(far_enough))]), goal


class ShapingGridworld(gymnasium.Env):
    """Deterministic gridworld: +1 for entering the goal, which ends the episode."""

    def __init__(self, layout_seed=0):
        self.free, self.start, self.goal = make_layout(layout_seed)
        n_states = HEIGHT * WIDTH
        self.observation_space = spaces.Discrete(n_states)
        self.action_space = spaces.Discrete(len(MOVES))
        rows, cols = np.divmod(np.arange(n_states), WIDTH)
        nr = rows[:, None] + MOVES[None, :, 0]
        nc = cols[:, None] + MOVES[None, :, 1]
        ok = (nr >= 0) & (nr < HEIGHT) & (nc >= 0) & (nc < WIDTH)
        ok[ok] &= self.free[nr[ok], nc[ok]]
        self.next_state = np.where(ok, nr * WIDTH + nc, np.arange(n_states)[:, None])
        self.goal_index = self.goal[0] * WIDTH + self.goal[1]
        self.terminal = np.arange(n_states) == self.goal_index
        self.next_state[self.terminal] = self.goal_index  # the goal is absorbing
        self.reward = np.where(self.next_state == self.goal_index, GOAL_REWARD, 0.0)
        self.reward[self.terminal] = 0.0
        self.state = self.start[0] * WIDTH + self.start[1]

    def reset(self, *, seed=None, options=None):
        super().reset(seed=seed)
        self.state = self.start[0] * WIDTH + self.start[1]
        return int(self.state), {}

    def step(self, action):
        reward = float(self.reward[self.state, int(action)])
        self.state = int(self.next_state[self.state, int(action)])
        return self.state, reward, bool(self.terminal[self.state]), False, {}


gymnasium.register(
    id=ENV_ID,
    entry_point=ShapingGridworld,
    max_episode_steps=MAX_EPISODE_STEPS,
    kwargs={"layout_seed": SEED},
)
check_env(gymnasium.make(ENV_ID).unwrapped)
print("env_checker_passed=1")

env = gymnasium.make(ENV_ID)
model = env.unwrapped
start = model.start[0] * WIDTH + model.start[1]

# %% [markdown]
# ## The two shaping terms
#
# Both build on the Manhattan distance d to the goal. The naive bonus pays +0.3 when d drops and
# nothing when it grows. The potential-based term works out to zero for a step that lowers d,
# a charge for a step that raises d or bumps into a wall, and −1 for the step into the goal,
# which cancels the +1 paid there: for any path that reaches the goal, or never ends, the shaped
# return is the task return minus Φ(start), so no path can earn shaping reward for free.

# %%
rows, cols = np.divmod(np.arange(HEIGHT * WIDTH), WIDTH)
manhattan = np.abs(rows - model.goal[0]) + np.abs(cols - model.goal[1])
# Φ(s): the discounted goal reward if nothing blocked the way; 0 at the (terminal) goal
potential = np.where(manhattan > 0, GOAL_REWARD * GAMMA ** (manhattan - 1.0), 0.0)


def shaping(kind, s, s_next):
    """Extra reward F(s, s') added to the task reward (works on arrays of states)."""
    if kind == "naive":
        return BONUS * (manhattan[s_next] < manhattan[s])
    if kind == "potential":
        return GAMMA * potential[s_next] - potential[s]
    return np.zeros(np.shape(s))


S = np.arange(HEIGHT * WIDTH)[:, None]
reward_tables = {}
for kind in REWARDS:
    table = model.reward + shaping(kind, S, model.next_state)
    table[model.terminal] = 0.0  # nothing happens after the goal
    reward_tables[kind] = table

# %% [markdown]
# ## Exact optimal policies
#
# Value iteration on the deterministic model, one vectorized sweep at a time. Then each greedy
# policy is run in the registered environment for up to 200 steps.


# %%
def value_iteration(reward_table):
    """Optimal Q for a deterministic model with the given reward table."""
    V = np.zeros(HEIGHT * WIDTH)
    while True:
        Q = reward_table + GAMMA * np.where(model.terminal[:, None], 0.0, V[model.next_state])
        V_new = Q.max(axis=1)
        if np.abs(V_new - V).max() < VI_TOL:
            return Q
        V = V_new


def rollout(policy):
    """Run a greedy policy in the environment; return the visited states and the task return."""
    obs, _ = env.reset(seed=SEED)
    states, discounted_return, terminated, truncated, t = [obs], 0.0, False, False, 0
    while not (terminated or truncated):
        obs, reward, terminated, truncated, _ = env.step(int(policy[obs]))
        discounted_return += GAMMA**t * reward
        states.append(obs)
        t += 1
    return states, bool(terminated), discounted_return


Qs = {kind: value_iteration(reward_tables[kind]) for kind in REWARDS}
plans = {kind: rollout(Qs[kind].argmax(axis=1)) for kind in REWARDS}
reachable = model.free.ravel() & ~model.terminal  # states where the policy matters


def only_optimal_actions(Q_candidate, Q_reference):
    """1 if in every reachable state the candidate's greedy action is optimal for the reference."""
    greedy = Q_candidate.argmax(axis=1)
    gap = Q_reference.max(axis=1) - Q_reference[np.arange(len(greedy)), greedy]
    return int((gap[reachable] < MATCH_TOL).all())


# Ng et al.'s theorem in one line: Q_shaped(s, a) = Q_unshaped(s, a) - Φ(s) for every s and a.
shift_error = np.abs(Qs["potential"] - (Qs["unshaped"] - potential[:, None]))[reachable].max()
naive_states = plans["naive"][0][::-1]  # latest first
# period of the cycle the naive policy ends in: steps back to the last state's previous visit
loop_length = 0 if plans["naive"][1] else naive_states.index(naive_states[0], 1)
for kind in REWARDS:
    print(f"{kind}: reaches goal = {plans[kind][1]}, steps taken = {len(plans[kind][0]) - 1}")

# %% [markdown]
# ## Learning with each reward
#
# Tabular Q-learning with an epsilon-greedy policy (ties broken at random), all runs of all three
# rewards advanced together as numpy arrays. The learners step the environment's own model
# tables (`next_state`, task reward), which is exactly what `step` does, just batched. Training
# episodes time out after 100 steps; a time-out is not a terminal state, so the learner still
# bootstraps from the last state.
#
# The theorem guarantees the same optimal policy, not faster learning. Wiewiora (2003) showed
# that Q-learning with potential-based shaping behaves exactly like Q-learning without shaping
# whose table starts at Q(s, a) = Φ(s). The Φ used here never underestimates the true value
# (walls can only make the way longer), so it acts as an optimistic starting guess that points
# towards the goal. A potential that underestimates the values, such as −0.3 × d, keeps the
# policy guarantee but can slow learning down.

# %%
rng = np.random.default_rng(SEED)
n_batch = len(REWARDS) * N_RUNS
kind_of = np.repeat(np.arange(len(REWARDS)), N_RUNS)  # which reward each run uses
batch_rewards = np.stack([reward_tables[k] for k in REWARDS])[kind_of]  # (batch, S, A)
Q = 1e-9 * rng.random((n_batch, HEIGHT * WIDTH, len(MOVES)))  # tiny noise: random tie-breaking
state = np.full(n_batch, start)
t_in_episode = np.zeros(n_batch, dtype=int)
goals = np.zeros((n_batch, TRAIN_STEPS), dtype=bool)
idx = np.arange(n_batch)
explore_all = rng.random((TRAIN_STEPS, n_batch)) < EPSILON  # random draws made up front
random_all = rng.integers(len(MOVES), size=(TRAIN_STEPS, n_batch))
for step in range(TRAIN_STEPS):
    action = np.where(explore_all[step], random_all[step], Q[idx, state].argmax(axis=1))
    next_state = model.next_state[state, action]
    reward = batch_rewards[idx, state, action]
    done = model.terminal[next_state]
    target = reward + GAMMA * np.where(done, 0.0, Q[idx, next_state].max(axis=1))
    Q[idx, state, action] += ALPHA * (target - Q[idx, state, action])
    goals[:, step] = done
    t_in_episode += 1
    reset = done | (t_in_episode >= TRAIN_EPISODE_STEPS)
    state = np.where(reset, start, next_state)
    t_in_episode[reset] = 0

goals_per_run = {k: goals[kind_of == i].sum(axis=1) for i, k in enumerate(REWARDS)}
for k in REWARDS:
    print(
        f"{k}: goals reached per run in {TRAIN_STEPS} steps, mean = {goals_per_run[k].mean():.1f}"
    )

# %%
fig, axes = plt.subplots(1, 4, figsize=(16, 3.8), gridspec_kw={"width_ratios": [1, 1, 1, 1.2]})
colors = {"unshaped": "tab:blue", "naive": "tab:red", "potential": "tab:green"}
titles = {
    "unshaped": "task reward only",
    "naive": "+ naive progress bonus",
    "potential": "+ potential-based shaping",
}
for ax, kind in zip(axes[:3], REWARDS, strict=True):
    ax.imshow(~model.free, cmap="Greys", vmin=0, vmax=1.5)
    states = plans[kind][0]
    first_repeat = next((i for i, x in enumerate(states) if x in states[:i]), len(states) - 1)
    pr, pc = np.divmod(np.array(states[: first_repeat + 1]), WIDTH)  # path up to its first repeat
    ax.plot(pc, pr, "-o", color=colors[kind], markersize=4)
    if not plans[kind][1]:  # mark the cycle the policy is stuck in
        cycle = states[states.index(states[first_repeat]) : first_repeat]
        cr, cc = np.divmod(np.array(cycle), WIDTH)
        ax.plot(cc, cr, "o", color=colors[kind], markersize=14, alpha=0.4)
        ax.set_xlabel(f"circles between the {len(cycle)} shaded cells forever", fontsize=9)
    ax.text(model.start[1], model.start[0], "S", ha="center", va="center", fontweight="bold")
    ax.text(model.goal[1], model.goal[0], "G", ha="center", va="center", fontweight="bold")
    ax.set_title(f"{titles[kind]}\nreaches goal: {plans[kind][1]}")
    ax.set_xticks([])
    ax.set_yticks([])
ax = axes[3]
for i, kind in enumerate(REWARDS):
    curve = np.cumsum(goals[kind_of == i], axis=1).mean(axis=0)
    ax.plot(np.arange(1, TRAIN_STEPS + 1), curve, color=colors[kind], label=titles[kind])
ax.set_xlabel("environment steps")
ax.set_ylabel("goals reached (mean over runs)")
ax.set_title("Q-learning with each reward")
ax.legend(fontsize=8)
fig.tight_layout()

# %%
print(f"unshaped_reaches_goal={int(plans['unshaped'][1])}")
print(f"naive_reaches_goal={int(plans['naive'][1])}")
print(f"potential_reaches_goal={int(plans['potential'][1])}")
print(f"potential_policy_matches_unshaped={only_optimal_actions(Qs['potential'], Qs['unshaped'])}")
print(f"naive_policy_matches_unshaped={only_optimal_actions(Qs['naive'], Qs['unshaped'])}")
print(f"potential_q_shift_error={shift_error:.3f}")
print(f"unshaped_path_length={len(plans['unshaped'][0]) - 1}")
print(f"potential_path_length={len(plans['potential'][0]) - 1}")
print(f"naive_loop_length={loop_length}")
print(f"naive_shaped_value_start={Qs['naive'][start].max():.3f}")
print(f"naive_true_return={plans['naive'][2]:.3f}")
print(f"unshaped_true_return={plans['unshaped'][2]:.3f}")
print(f"potential_true_return={plans['potential'][2]:.3f}")
for k in REWARDS:
    print(f"{k}_learner_goals_per_run={goals_per_run[k].mean():.3f}")
