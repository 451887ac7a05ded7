# %% [markdown]
# # Reward shaping: a progress bonus that creates a loop, and a potential that does not
#
# **Concepts shown:** reward shaping; potential-based reward shaping.
#
# Reward shaping adds an extra, hand-designed reward F to the task reward to give the learner
# hints, for instance a bonus for getting closer to the goal. The danger is that the agent
# optimizes the sum, not the designer's intention. Here the naive hint is "+0.3 for every step
# that lowers the Manhattan distance d to the goal", with nothing taken away for stepping back.
# Stepping back and forth then earns the bonus again and again.
#
# Ng, Harada and Russell (1999) showed which shaping terms are safe. Pick a *potential* Φ, a
# score for every state, set it to 0 at the goal (where the episode ends), and pay
# F = γΦ(s') − Φ(s) for each move from s to s', where the discount factor γ = 0.95 says how much
# a reward one step later counts. Then every action's value in a state s moves by the same −Φ(s),
# so the best action in each state stays the best. The **potential-based version of the same
# bonus** used here is Φ(s) = 0.3 × (D − d(s)): it rises by 0.3 for every step of distance
# covered, and the constant D (the largest distance on the grid) keeps it at or above zero.
#
# The gridworld has random walls, a start and a goal drawn from `DEMO_SEED`. The task reward is
# +1 for entering the goal, which ends the episode; moves are deterministic.
#
# **What you'll see:** first, the exact optimal policies (value iteration on the environment's
# model) for the task reward alone, with the naive bonus, and with the potential-based version:
# the naive bonus makes circling optimal, the potential does not change the optimal route. This
# part is a calculation about the rewards, not an experiment. Then the experiment: tabular
# Q-learners, which do not know the model, trained with each reward on the same seeds and the
# same random numbers, plus a fourth group given the same potential shifted below zero.
#
# **Claim:** Q-learners given the naive bonus end up circling: in at least 90% of runs their
# greedy policy repeats a loop of two or more states without reaching the goal, and during
# training they reach the goal less often than learners without shaping. On the same seeds and
# random numbers, learners given the potential-based version of the same bonus reach the goal in
# at least 90% of runs, like learners without shaping, although they reach it less often during
# training than those. The same potential shifted below zero (Φ = −0.3 × d), with the same
# optimal policy, leaves more learners short of the goal.
#
# Sources: A. Y. Ng, D. Harada and S. Russell, "Policy invariance under reward transformations:
# theory and application to reward shaping", ICML 1999; E. Wiewiora, "Potential-based shaping
# and Q-value initialization are equivalent", JAIR 2003.

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
GAMMA = 0.95  # discount factor: how much a reward one step later counts
BONUS = 0.3  # naive bonus per step that lowers the Manhattan distance to the goal
MAX_DISTANCE = HEIGHT + WIDTH - 2  # D: the largest Manhattan distance on the grid
MAX_EPISODE_STEPS = 200  # time limit of the registered environment
VI_TOL = 1e-12  # value iteration stops when no value changes by more than this
MATCH_TOL = 1e-6  # two actions count as equally good if their values differ by less
N_RUNS = 30  # independent Q-learning runs per reward
TRAIN_STEPS = 6_000  # environment steps per Q-learning run
TRAIN_EPISODE_STEPS = 100  # time limit of training episodes
EPSILON = 0.1  # exploration rate of the epsilon-greedy learner
ALPHA = 1.0  # Q-learning step size (moves are deterministic: an update replaces the old value)

MOVES = np.array([[-1, 0], [0, 1], [1, 0], [0, -1]])  # up, right, down, left as (row, col)
REWARDS = ("unshaped", "naive", "potential", "potential_below_zero")  # rewards compared

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
# ## The shaping terms
#
# All three build on the Manhattan distance d to the goal (which ignores walls). The naive
# bonus pays +0.3 when d drops and nothing when it grows. The potential Φ = 0.3 × (D − d), with
# Φ = 0 at the goal, pays γΦ(s') − Φ(s): less than 0.3 for a step closer (the less, the nearer
# the goal), a charge for a step away or into a wall, and the step into the goal hands back the
# whole Φ collected, so it is charged 0.3 × (D − 1) − 1 = 2.3 on balance.
# Over T steps these payments add up to γ^T Φ(last state) − Φ(first state). So a loop back to
# the same state earns (γ^T − 1) Φ(s), which is never positive when Φ is never negative, and a
# whole episode, finished or never ending, collects exactly −Φ(start) whatever route it takes.
# The third version, Φ = −0.3 × d, differs from the second only by a constant (both are 0 at the
# goal). Being negative, it lets every lap of a loop earn a little, (1 − γ^T) × 0.3 × d, yet a
# whole episode still collects exactly −Φ(start), like every other route.

# %%
rows, cols = np.divmod(np.arange(HEIGHT * WIDTH), WIDTH)
manhattan = np.abs(rows - model.goal[0]) + np.abs(cols - model.goal[1])
potentials = {  # Φ(s) for each potential-based reward; 0 at the (terminal) goal
    "potential": np.where(model.terminal, 0.0, BONUS * (MAX_DISTANCE - manhattan)),
    "potential_below_zero": np.where(model.terminal, 0.0, -BONUS * manhattan),
}


def shaping(kind, s, s_next):
    """Extra reward F(s, s') added to the task reward (works on arrays of states)."""
    if kind == "naive":
        return BONUS * (manhattan[s_next] < manhattan[s])
    if kind in potentials:
        return GAMMA * potentials[kind][s_next] - potentials[kind][s]
    return np.zeros(np.shape(s))


S = np.arange(HEIGHT * WIDTH)[:, None]
reward_tables = {}
for kind in REWARDS:
    table = model.reward + shaping(kind, S, model.next_state)
    table[model.terminal] = 0.0  # nothing happens after the goal
    reward_tables[kind] = table

# %% [markdown]
# ## Exact optimal policies (a calculation)
#
# Value iteration on the deterministic model, one vectorized sweep at a time; each greedy policy
# is then run in the registered environment for up to 200 steps. What comes out is fixed by the
# rewards and the layout: with the naive bonus a two-step shuffle pays 0.3 every other step,
# worth 0.3 / (1 − γ²) ≈ 3.1 forever, more than the single +1 at the goal. So the numbers in this
# section are printed as context, not tested as the claim. The smallest naive bonus b at which the
# exact optimum starts circling is found by bisection; it comes out the same on these layouts, as
# the cheapest loop sits next to the goal: stepping in pays 1 + b once, stepping out and back in
# pays b every other step, worth γb / (1 − γ²), and the second wins once b is above about 0.114.


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


def greedy_paths(policies, n_steps):
    """Follow each deterministic policy (one per row) from the start; states visited, per step."""
    path = np.empty((len(policies), n_steps + 1), dtype=int)
    path[:, 0] = start
    for t in range(n_steps):
        path[:, t + 1] = model.next_state[
            path[:, t], policies[np.arange(len(policies)), path[:, t]]
        ]
    return path


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


def naive_optimum_reaches_goal(bonus):
    table = model.reward + bonus * (manhattan[model.next_state] < manhattan[S])
    table[model.terminal] = 0.0
    policy = value_iteration(table).argmax(axis=1)
    return model.terminal[greedy_paths(policy[None], MAX_EPISODE_STEPS)[0, -1]]


low, high = 0.0, BONUS  # the exact naive optimum reaches the goal at `low`, circles at `high`
while high - low > 1e-4:
    mid = (low + high) / 2
    low, high = (mid, high) if naive_optimum_reaches_goal(mid) else (low, mid)
flip_bonus = high

# Ng et al.'s theorem in one line: Q_shaped(s, a) = Q_unshaped(s, a) - Φ(s) for every s and a.
shift_error = max(
    np.abs(Qs[k] - (Qs["unshaped"] - potentials[k][:, None]))[reachable].max() for k in potentials
)
naive_states = plans["naive"][0][::-1]  # latest first
# period of the cycle the naive policy ends in: steps back to the last state's previous visit
loop_length = 0 if plans["naive"][1] else naive_states.index(naive_states[0], 1)
for kind in REWARDS:
    print(f"{kind}: reaches goal = {plans[kind][1]}, steps taken = {len(plans[kind][0]) - 1}")
print(f"the exact naive optimum circles for any bonus above {flip_bonus:.3f}")

# %% [markdown]
# ## The experiment: learning with each reward
#
# Tabular Q-learning with an epsilon-greedy policy (ties broken at random), all runs of all four
# rewards advanced together as numpy arrays. The learners step the environment's own model
# tables (`next_state`, task reward), which is exactly what `step` does, just batched. Run i of
# every reward gets the same random numbers, so the rewards differ in nothing else. Training
# episodes time out after 100 steps; a time-out is not a terminal state, so the learner still
# bootstraps from the last state. After training, each learner's greedy policy is followed from
# the start for 200 steps: it either reaches the goal or ends up repeating a cycle of states.
#
# The theorem promises the same optimal policy, not the same learning. Wiewiora (2003) showed
# that Q-learning with potential-based shaping behaves exactly like Q-learning without shaping
# whose table starts at Q(s, a) = Φ(s). The non-negative potential is such a starting guess: it
# is higher nearer the goal and, except at the farthest cells, above the true values, so the
# learner keeps trying moves it has not yet ruled out. The negative one is below the true values
# everywhere, and a move into a wall pays a little, (1 − γ) × 0.3 × d, so a learner can settle
# against a wall before it has found the way around it.

# %%
rng = np.random.default_rng(SEED)
n_batch = len(REWARDS) * N_RUNS
kind_of = np.repeat(np.arange(len(REWARDS)), N_RUNS)  # which reward each run uses
batch_rewards = np.stack([reward_tables[k] for k in REWARDS])[kind_of]  # (batch, S, A)
# tiny noise for random tie-breaking, and every random draw, shared by run i of each reward
Q = np.tile(1e-9 * rng.random((N_RUNS, HEIGHT * WIDTH, len(MOVES))), (len(REWARDS), 1, 1))
explore_all = np.tile(rng.random((TRAIN_STEPS, N_RUNS)) < EPSILON, len(REWARDS))
random_all = np.tile(rng.integers(len(MOVES), size=(TRAIN_STEPS, N_RUNS)), len(REWARDS))
state = np.full(n_batch, start)
t_in_episode = np.zeros(n_batch, dtype=int)
goals = np.zeros((n_batch, TRAIN_STEPS), dtype=bool)
idx = np.arange(n_batch)
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

learned_paths = greedy_paths(Q.argmax(axis=2), MAX_EPISODE_STEPS)
learned_reaches = model.terminal[learned_paths].any(axis=1)
# a learner that misses the goal is in a cycle by the end: its length is the gap back to the
# previous visit of the final state
last = learned_paths[:, -1:]
gap_back = np.argmax((learned_paths[:, -2::-1] == last), axis=1) + 1
cycles = ~learned_reaches & (gap_back >= 2)  # circling through two or more states
reach_rate = {k: learned_reaches[kind_of == i].mean() for i, k in enumerate(REWARDS)}
cycle_rate = {k: cycles[kind_of == i].mean() for i, k in enumerate(REWARDS)}
goals_per_run = {k: goals[kind_of == i].sum(axis=1).mean() for i, k in enumerate(REWARDS)}
for k in REWARDS:
    print(
        f"{k}: greedy policy reaches the goal in {reach_rate[k]:.0%} of runs; "
        f"goals during training per run = {goals_per_run[k]:.1f}"
    )

# %%
fig = plt.figure(figsize=(13, 7.5))
grid = fig.add_gridspec(2, 6)
top_axes = [fig.add_subplot(grid[0, 2 * i : 2 * i + 2]) for i in range(3)]
curve_ax, bar_ax = fig.add_subplot(grid[1, :3]), fig.add_subplot(grid[1, 3:])
colors = {
    "unshaped": "tab:blue",
    "naive": "tab:red",
    "potential": "tab:green",
    "potential_below_zero": "tab:olive",
}
titles = {
    "unshaped": "task reward only",
    "naive": "+ naive progress bonus",
    "potential": "+ potential-based version",
    "potential_below_zero": "+ same potential, shifted below 0",
}
for ax, kind in zip(top_axes, REWARDS[:3], strict=True):
    ax.imshow(~model.free, cmap="Greys", vmin=0, vmax=1.5)
    states = plans[kind][0]
    first_repeat = next((i for i, x in enumerate(states) if x in states[:i]), len(states) - 1)
    pr, pc = np.divmod(np.array(states[: first_repeat + 1]), WIDTH)  # path up to its first repeat
    ax.plot(pc, pr, "-o", color=colors[kind], markersize=4)
    if not plans[kind][1]:  # mark the cycle the policy is stuck in
        cycle = states[states.index(states[first_repeat]) : first_repeat]
        cr, cc = np.divmod(np.array(cycle), WIDTH)
        ax.plot(cc, cr, "o", color=colors[kind], markersize=14, alpha=0.4)
        ax.set_xlabel(
            f"circles between the {len(cycle)} shaded cells forever\n"
            f"(it does for any naive bonus above {flip_bonus:.3f})",
            fontsize=9,
        )
    ax.text(model.start[1], model.start[0], "S", ha="center", va="center", fontweight="bold")
    ax.text(model.goal[1], model.goal[0], "G", ha="center", va="center", fontweight="bold")
    ax.set_title(f"exact optimum, {titles[kind]}\nreaches goal: {plans[kind][1]}", fontsize=10)
    ax.set_xticks([])
    ax.set_yticks([])
ax = curve_ax
for i, kind in enumerate(REWARDS):
    curve = np.cumsum(goals[kind_of == i], axis=1).mean(axis=0)
    ax.plot(np.arange(1, TRAIN_STEPS + 1), curve, color=colors[kind], label=titles[kind])
ax.set_xlabel("environment steps")
ax.set_ylabel("goals reached (mean over runs)")
ax.set_title("Q-learning with each reward", fontsize=10)
ax.legend(fontsize=8)
ax = bar_ax
x = np.arange(len(REWARDS))
ax.bar(x - 0.2, [reach_rate[k] for k in REWARDS], 0.4, color=[colors[k] for k in REWARDS])
ax.bar(x + 0.2, [cycle_rate[k] for k in REWARDS], 0.4, color="lightgrey", edgecolor="black")
ax.set_xticks(x, ["none", "naive", "potential", "potential\n< 0"], fontsize=9)
ax.set_ylim(0, 1.05)
ax.set_ylabel("fraction of runs")
ax.set_title("after training: reaches goal (colour) / circles (grey)", fontsize=10)
fig.tight_layout()

# %% [markdown]
# The exact calculation says what each reward asks for; the learners show that they take it
# up. With the naive bonus they find the shuffle and keep it. With the potential-based version
# of the same bonus, the same learners with the same random numbers reach the goal, because no
# loop pays. The theorem is about where learning ends up, not how fast it gets there: here the
# potential-based learners reach the goal less often during training than plain ones, and the
# potential shifted below zero, with the very same optimal policy, leaves many of them parked
# against a wall when training stops.

# %%
print(f"unshaped_reaches_goal={int(plans['unshaped'][1])}")
print(f"naive_reaches_goal={int(plans['naive'][1])}")
print(f"potential_reaches_goal={int(plans['potential'][1])}")
print(f"potential_policy_matches_unshaped={only_optimal_actions(Qs['potential'], Qs['unshaped'])}")
below = only_optimal_actions(Qs["potential_below_zero"], Qs["unshaped"])
print(f"potential_below_zero_policy_matches_unshaped={below}")
print(f"naive_policy_matches_unshaped={only_optimal_actions(Qs['naive'], Qs['unshaped'])}")
print(f"potential_q_shift_error={shift_error:.3f}")
print(f"naive_loop_length={loop_length}")
print(f"naive_flip_bonus={flip_bonus:.3f}")
print(f"naive_true_return={plans['naive'][2]:.3f}")
print(f"unshaped_true_return={plans['unshaped'][2]:.3f}")
print(f"potential_true_return={plans['potential'][2]:.3f}")
for k in REWARDS:
    print(f"{k}_learner_reaches_goal={reach_rate[k]:.3f}")
    print(f"{k}_learner_circles={cycle_rate[k]:.3f}")
    print(f"{k}_learner_goals_per_run={goals_per_run[k]:.3f}")
