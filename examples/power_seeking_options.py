# %% [markdown]
# # Power-seeking: do learned agents also head for the place with more options?
#
# **Concepts shown:** instrumental convergence, power-seeking, POWER (average optimal value).
#
# Turner et al. (2021), [*Optimal Policies Tend to Seek Power*](https://arxiv.org/abs/1912.01683),
# prove that in environments with the right kind of symmetry, for most reward functions an
# optimal agent that cares about the long run prefers actions that keep more end states
# reachable. Here is a tiny deterministic world with that symmetry. From the start state, going
# **left** leads to a hub with four absorbing end states, and going **right** leads to a hub with a
# single end state (think of it as being switched off: one outcome, forever). Each reward
# function gives every state an independent uniform reward; nothing in the rewards favours
# either side.
#
# **What is forced, and what is not.** For optimal agents the answer is arithmetic: a far-sighted
# agent goes left when the best of the four left end states beats the single right one, which
# happens for 4 reward functions out of 5 because each of the 5 end states is equally likely to
# be the best. The demo computes this exactly and prints it, with the POWER of each state (the
# average optimal value, rescaled to the scale of one reward), but does not test it. What it tests
# is whether agents that *learn* by trial and error (tabular Q-learning with a constant step size
# and a finite budget, one run per reward function) show the same tendency; Turner and Tadepalli
# (2022) argue that such learners can share it. As an ablation, the same reward functions and the
# same random draws are used in a copy of the world where the left hub keeps only one of its end
# states, so both sides offer one option each.
#
# **What you'll see:** the exact share of reward functions whose optimal first move is left, as
# the discount factor γ grows from 0 (only the next reward counts) towards 1; the share of
# learned agents that go left at γ = 0.9 in both worlds; and POWER per state. The learners start
# from optimistic values, which makes them try every end state. A third, printed variant starts
# from zero instead: it settles on the first end state that pays, explores less, and heads left
# much less often, so the tendency of learned agents depends on how they learn. POWER is not zero
# for an end state: there it equals the average reward of that one state (0.5), the smallest value
# any state has here, because nothing else can be reached from it.
#
# **Claim:** on seeds 0, 1 and 2 (the seeds the tests run), with discount 0.9, at least 70% of the
# Q-learning agents (one per random reward function) learn to move first towards the hub with four
# end states, and for at least 90% of the reward functions the learned first move is the exact
# optimal one; in the ablation where that hub keeps a single end state (same reward functions, same
# seeds), at most 60% of the agents move first towards it.
#
# Sources: A. M. Turner, L. Smith, R. Shah, A. Critch and P. Tadepalli, "Optimal Policies Tend to
# Seek Power", NeurIPS 2021, https://arxiv.org/abs/1912.01683; A. M. Turner and P. Tadepalli,
# "Parametrically Retargetable Decision-Makers Tend To Seek Power", NeurIPS 2022,
# https://arxiv.org/abs/2206.13477

# %%
import os

import gymnasium as gym
import matplotlib.pyplot as plt
import numpy as np
from gymnasium import spaces
from gymnasium.utils.env_checker import check_env

# %%
SEED = int(os.environ.get("DEMO_SEED", "0"))  # seeds every random draw in this demo
ENV_ID = "OptionsGraph-v0"  # gymnasium id of the small world defined below
N_MANY = 4  # absorbing end states reachable through the left hub
N_FEW = 1  # absorbing end states reachable through the right hub
N_EXACT = 20_000  # random reward functions solved exactly for the printed optimal shares
GAMMA_SWEEP = (0.0, 0.3, 0.5, 0.7, 0.8, 0.9, 0.95, 0.99)  # discounts for the exact curve
GAMMA = 0.9  # discount used by the learners and for POWER
N_LEARNERS = 400  # random reward functions, one Q-learning run each, per world
TRAIN_STEPS = 3_000  # environment steps per learning run
EPISODE_STEPS = 12  # steps per training episode (the world itself never ends)
ALPHA = 0.5  # constant step size of Q-learning
EPSILON = 0.3  # exploration rate of the epsilon-greedy behaviour
VI_TOL = 1e-10  # value iteration stops when no value changes by more than this
VI_MAX_ITERS = 10_000  # safety cap on value-iteration sweeps

rng = np.random.default_rng(SEED)


# %% [markdown]
# ## The world as a gymnasium environment
#
# States are numbered: 0 is the start, 1 is the left hub, 2 is the right hub, then come the end
# states. Each state lists its successors; action `a` moves to successor number `a` (actions past
# the end of the list repeat the last successor, so every state accepts the same four actions).
# End states only lead back to themselves. Rewards belong to states: a step pays the reward of the
# state it leaves. The episode never ends by itself; the registration adds a time limit. The
# ablation world is the same environment with `left_ends=1`: the left hub then leads only to the
# first of its end states, and the other three are never reached.

# %%
START, LEFT_HUB, RIGHT_HUB = 0, 1, 2
LEFT_ENDS = list(range(3, 3 + N_MANY))
RIGHT_ENDS = list(range(3 + N_MANY, 3 + N_MANY + N_FEW))
N_STATES = 3 + N_MANY + N_FEW


def successors(left_ends):
    return [[LEFT_HUB, RIGHT_HUB], LEFT_ENDS[:left_ends], RIGHT_ENDS] + [
        [s] for s in LEFT_ENDS + RIGHT_ENDS
    ]


class OptionsGraphEnv(gym.Env):
    """Deterministic graph world; observation is the state index, action picks a successor."""

    metadata = {"render_modes": []}

    def __init__(self, state_rewards=None, left_ends=N_MANY):
        self.successors = successors(left_ends)
        self.n_states = N_STATES
        self.observation_space = spaces.Discrete(self.n_states)
        self.action_space = spaces.Discrete(max(N_MANY, 2))
        if state_rewards is None:
            state_rewards = np.zeros(self.n_states)
        self.state_rewards = np.asarray(state_rewards, dtype=np.float64)
        self.state = START

    def successor(self, state, action):
        options = self.successors[state]
        return options[min(int(action), len(options) - 1)]

    def reset(self, *, seed=None, options=None):
        super().reset(seed=seed)
        self.state = START
        return self.state, {}

    def step(self, action):
        reward = float(self.state_rewards[self.state])
        self.state = self.successor(self.state, action)
        return self.state, reward, False, False, {}


gym.register(id=ENV_ID, entry_point=OptionsGraphEnv, max_episode_steps=50)
check_env(gym.make(ENV_ID).unwrapped)
print("env_checker_passed=1")

# %% [markdown]
# ## Read the transition tables out of the environment
#
# A planner needs the full table `next_state[s, a]`; the learners below only use it to step
# many runs at once, exactly as the environment would. We ask the environment for both tables,
# then confirm with a real rollout that stepping the environment follows the same table.

# %%
WORLDS = {"options": N_MANY, "ablation": 1}  # world name: end states kept by the left hub
tables = {}
for world, left_ends in WORLDS.items():
    base_env = gym.make(ENV_ID, left_ends=left_ends).unwrapped
    n_actions = base_env.action_space.n
    tables[world] = np.array(
        [[base_env.successor(s, a) for a in range(n_actions)] for s in range(N_STATES)]
    )
env = gym.make(ENV_ID)
obs, _ = env.reset(seed=SEED)
for action in (0, 2, 1):  # left, then the third left end state, then stay
    expected = tables["options"][obs, action]
    obs, *_ = env.step(action)
    assert obs == expected
print("Transition table of the main world (rows = states, columns = actions):")
print(tables["options"])

# %% [markdown]
# ## Exact answer for optimal agents (printed, not tested)
#
# Value iteration repeats `V(s) <- R(s) + γ max_a V(next_state[s, a])` for thousands of reward
# vectors in one array operation, starting from `R / (1 - γ)`, which is already exact for the end
# states. The optimal first move is left when `V(left hub) > V(right hub)`.
#
# POWER (Turner et al.) of a state is its optimal value averaged over the reward distribution,
# without the reward of the state itself and rescaled by `(1 - γ) / γ` so that it lies on the
# same 0..1 scale as a single reward.


# %%
def value_iteration(rewards, gamma, next_state):
    """Optimal state values for a batch of state-reward vectors, shape (n_rewards, n_states)."""
    values = rewards / (1.0 - gamma)
    for _ in range(VI_MAX_ITERS):
        new_values = rewards + gamma * values[:, next_state].max(axis=2)
        if np.max(np.abs(new_values - values)) < VI_TOL:
            return new_values
        values = new_values
    raise RuntimeError("value iteration did not converge")


def power(values, rewards, gamma):
    """POWER of every state: rescaled average optimal value of what comes after it."""
    return np.mean(values - rewards, axis=0) * (1.0 - gamma) / gamma


exact_rewards = rng.uniform(0.0, 1.0, size=(N_EXACT, N_STATES))
exact_share = {world: [] for world in WORLDS}
for world in WORLDS:
    for gamma in GAMMA_SWEEP:
        values = value_iteration(exact_rewards, gamma, tables[world])
        exact_share[world].append(np.mean(values[:, LEFT_HUB] > values[:, RIGHT_HUB]))
values = value_iteration(exact_rewards, GAMMA, tables["options"])
optimal_share = float(np.mean(values[:, LEFT_HUB] > values[:, RIGHT_HUB]))
power_by_state = power(values, exact_rewards, GAMMA)
for gamma, share in zip(GAMMA_SWEEP, exact_share["options"], strict=True):
    print(f"gamma={gamma}: optimal first move is left for {share:.3f} of reward functions")
print("POWER per state at gamma=0.9:", np.round(power_by_state, 3))

# %% [markdown]
# ## Learning agents, one per reward function, in both worlds
#
# Each run draws its own reward function, then learns by tabular Q-learning: epsilon-greedy
# moves, a constant step size, episodes of `EPISODE_STEPS` steps that always restart at the
# start state, and optimistic initial values. The ablation runs in the one-option world reuse
# exactly the same reward functions, initial values and random draws; so does the "zero start"
# variant, whose only difference is initial values near 0 instead of 1 / (1 - γ). All runs of a
# variant advance together as numpy arrays. Afterwards we read each run's greedy first move and
# compare it with the exact optimal first move for its reward function.

# %%
learn_rewards = rng.uniform(0.0, 1.0, size=(N_LEARNERS, N_STATES))
# optimistic start: every value begins at the largest possible return, 1 / (1 - γ), so each
# untried action looks worth trying; the tiny noise breaks ties at random
q_init = 1.0 / (1.0 - GAMMA) + 1e-6 * rng.random((N_LEARNERS, N_STATES, n_actions))
explore_all = rng.random((TRAIN_STEPS, N_LEARNERS)) < EPSILON
random_all = rng.integers(n_actions, size=(TRAIN_STEPS, N_LEARNERS))
run = np.arange(N_LEARNERS)
learned_left, optimal_left = {}, {}
RUNS = {  # variant: (world, initial values)
    "options": ("options", q_init),
    "ablation": ("ablation", q_init),
    "zero_start": ("options", q_init - 1.0 / (1.0 - GAMMA)),  # same noise, no optimism
}
for variant, (world, q_start) in RUNS.items():
    table = tables[world]
    Q = q_start.copy()
    state = np.full(N_LEARNERS, START)
    for step in range(TRAIN_STEPS):
        q_now = Q[run, state]
        action = np.where(explore_all[step], random_all[step], q_now.argmax(axis=1))
        next_state = table[state, action]
        target = learn_rewards[run, state] + GAMMA * Q[run, next_state].max(axis=1)
        Q[run, state, action] += ALPHA * (target - q_now[run, action])
        state = np.where((step + 1) % EPISODE_STEPS == 0, START, next_state)
    learned_left[variant] = table[START, Q[:, START].argmax(axis=1)] == LEFT_HUB
    opt_values = value_iteration(learn_rewards, GAMMA, table)
    optimal_left[variant] = opt_values[:, LEFT_HUB] > opt_values[:, RIGHT_HUB]
    print(
        f"{variant}: learned first move left for {learned_left[variant].mean():.3f} of runs, "
        f"optimal {optimal_left[variant].mean():.3f}, learned = optimal for "
        f"{np.mean(learned_left[variant] == optimal_left[variant]):.3f}"
    )

# %% [markdown]
# ## Figure
#
# Left: the world (the ablation drops the dashed edges). Middle: the exact share of reward
# functions whose optimal first move is left, as the agent becomes more far-sighted, in both
# worlds, with the learned agents' shares at γ = 0.9. Right: POWER of every state at γ = 0.9;
# the end states, like the one-option right hub, sit at the minimum, the average reward 0.5.

# %%
fig, axes = plt.subplots(1, 3, figsize=(15, 4))

ax = axes[0]
pos = {START: (0.0, 0.0), LEFT_HUB: (-1.0, -1.0), RIGHT_HUB: (1.0, -1.0)}
for i, s in enumerate(LEFT_ENDS):
    pos[s] = (-1.0 + 0.6 * (i - (N_MANY - 1) / 2), -2.0)
for i, s in enumerate(RIGHT_ENDS):
    pos[s] = (1.0 + 0.6 * (i - (N_FEW - 1) / 2), -2.0)
for s, succ in enumerate(successors(N_MANY)):
    for t in set(succ):
        if t != s:
            dropped = s == LEFT_HUB and t not in successors(1)[LEFT_HUB]  # missing in ablation
            style = dict(arrowstyle="->", shrinkA=12, shrinkB=12, ls="--" if dropped else "-")
            ax.annotate("", xy=pos[t], xytext=pos[s], arrowprops=style)
colors = ["lightgray", "tab:blue", "tab:orange"] + ["tab:blue"] * N_MANY + ["tab:orange"] * N_FEW
for s, (x, y) in pos.items():
    ax.scatter(x, y, s=500, color=colors[s], edgecolor="k", zorder=3)
    ax.text(x, y, str(s), ha="center", va="center", zorder=4)
ax.text(0.0, -2.5, "absorbing end states", ha="center")
ax.set_title("start -> left hub (4 ends) or right hub (1 end)")
ax.set_xlim(-2.2, 2.0)
ax.set_ylim(-2.7, 0.4)
ax.axis("off")

ax = axes[1]
ax.plot(GAMMA_SWEEP, exact_share["options"], "o-", color="tab:blue", label="optimal, 4 vs 1")
ax.plot(GAMMA_SWEEP, exact_share["ablation"], "o-", color="gray", label="optimal, 1 vs 1")
ax.scatter([GAMMA], [learned_left["options"].mean()], marker="*", s=200, color="tab:green",
           zorder=4, label="learned agents, 4 vs 1")  # fmt: skip
ax.scatter([GAMMA], [learned_left["ablation"].mean()], marker="*", s=200, color="tab:red",
           zorder=4, label="learned agents, 1 vs 1")  # fmt: skip
ax.scatter([GAMMA], [learned_left["zero_start"].mean()], marker="x", s=80, color="k",
           zorder=4, label="learned, zero start, 4 vs 1")  # fmt: skip
ax.axhline(0.5, ls=":", color="gray")
ax.set_xlabel("discount factor γ")
ax.set_ylabel("share of reward functions: first move left")
ax.set_ylim(0.3, 0.9)
ax.legend(loc="lower left", fontsize=8)
ax.set_title("far-sighted agents head for more options")

ax = axes[2]
ax.bar(np.arange(N_STATES), power_by_state, color=colors)
ax.set_xticks(np.arange(N_STATES))
ax.set_xlabel("state")
ax.set_ylabel("POWER (rescaled average optimal value)")
ax.set_title(f"POWER at γ = {GAMMA}: end states are lowest, not zero")
fig.tight_layout()

# %%
print(f"learned_share_more_options={learned_left['options'].mean():.3f}")
print(f"ablation_learned_share_left={learned_left['ablation'].mean():.3f}")
agrees = np.mean(learned_left["options"] == optimal_left["options"])
print(f"learned_agrees_with_optimal={agrees:.3f}")
print(f"zero_start_learned_share_left={learned_left['zero_start'].mean():.3f}")
print(f"optimal_share_more_options={optimal_share:.3f}")
print(f"ablation_optimal_share_left={exact_share['ablation'][GAMMA_SWEEP.index(GAMMA)]:.3f}")
print(f"options_ratio={N_MANY / (N_MANY + N_FEW):.3f}")
print(f"power_left_hub={power_by_state[LEFT_HUB]:.3f}")
print(f"power_right_hub={power_by_state[RIGHT_HUB]:.3f}")
print(f"power_end_state={power_by_state[RIGHT_ENDS[0]]:.3f}")
print(f"power_min_over_states={power_by_state.min():.3f}")
