# %% [markdown]
# # Power-seeking: optimal policies tend to keep options open
#
# **Concepts shown:** instrumental convergence, power-seeking, POWER (average optimal value).
#
# Turner et al. (2021), [*Optimal Policies Tend to Seek Power*](https://arxiv.org/abs/1912.01683),
# prove that in environments with the right kind of symmetry, for most reward functions an
# optimal agent that cares about the long run prefers actions that keep more end states
# reachable. This demo checks that numerically on a tiny deterministic world. From the start
# state, going **left** leads to a hub with four absorbing end states, and going **right** leads
# to a hub with a single end state. We draw many reward functions at random (each state gets an
# independent uniform reward), solve every one of them exactly with value iteration, and count how
# often the optimal first move is *left*. Nothing in the rewards favours the left side; every state
# is treated alike. Any preference comes from the shape of the world: with four end states on the
# left and one on the right, the best end state is on the left in 4 cases out of 5.
#
# **What you'll see:** the share of reward functions whose optimal first move is left climbs from
# about 1/2 for a short-sighted agent (which only compares the next reward) to about 4/5 as the
# discount factor approaches 1, and the average optimal value ("POWER") of the left hub is well
# above that of the right hub.
#
# **Claim:** with discount 0.99, the optimal first move heads to the four-option region for at
# least 70% of random reward functions, within 0.05 of the option-counting prediction 4/5, and the
# POWER of the many-option hub exceeds that of the one-option hub by more than 0.1.

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
N_REWARDS = 20_000  # random reward functions drawn (all solved at once, vectorized)
GAMMA = 0.99  # discount factor used for the claim (a far-sighted agent)
GAMMA_SWEEP = (0.0, 0.3, 0.5, 0.7, 0.8, 0.9, 0.95, 0.99, 0.999)  # discounts for the figure
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
# state it leaves. The episode never ends by itself; the registration adds a time limit.

# %%
START, LEFT_HUB, RIGHT_HUB = 0, 1, 2
LEFT_ENDS = list(range(3, 3 + N_MANY))
RIGHT_ENDS = list(range(3 + N_MANY, 3 + N_MANY + N_FEW))
SUCCESSORS = [[LEFT_HUB, RIGHT_HUB], LEFT_ENDS, RIGHT_ENDS] + [[s] for s in LEFT_ENDS + RIGHT_ENDS]


class OptionsGraphEnv(gym.Env):
    """Deterministic graph world; observation is the state index, action picks a successor."""

    metadata = {"render_modes": []}

    def __init__(self, state_rewards=None):
        self.successors = SUCCESSORS
        self.n_states = len(SUCCESSORS)
        self.observation_space = spaces.Discrete(self.n_states)
        self.action_space = spaces.Discrete(max(len(s) for s in SUCCESSORS))
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
# ## Read the transition table out of the environment
#
# A planner needs the full table `next_state[s, a]`. We ask the environment for it, then confirm
# with a real rollout that stepping the environment follows the same table.

# %%
env = gym.make(ENV_ID)
base = env.unwrapped
n_states, n_actions = base.n_states, base.action_space.n
next_state = np.array([[base.successor(s, a) for a in range(n_actions)] for s in range(n_states)])

obs, _ = env.reset(seed=SEED)
for action in (0, 2, 1):  # left, then the third left end state, then stay
    expected = next_state[obs, action]
    obs, *_ = env.step(action)
    assert obs == expected
print("Transition table (rows = states, columns = actions):")
print(next_state)

# %% [markdown]
# ## Solve thousands of random reward functions at once
#
# Each reward function gives every state an independent Uniform(0, 1) reward. Value iteration
# repeats `V(s) <- R(s) + gamma * max_a V(next_state[s, a])` for all reward samples in one array
# operation. We start from `R / (1 - gamma)`, which is already exact for the end states (staying
# forever), so it converges in a handful of sweeps; any start would converge, just more slowly.
# The optimal first action prefers left when `V(left hub) > V(right hub)`.
#
# POWER (Turner et al.) of a state is its optimal value averaged over the reward distribution,
# without the reward of the state itself and rescaled by `(1 - gamma) / gamma` so that it lies on
# the same 0..1 scale as a single reward.


# %%
def value_iteration(rewards, gamma):
    """Optimal state values for a batch of state-reward vectors, shape (n_rewards, n_states)."""
    values = rewards / (1.0 - gamma) if gamma < 1 else rewards.copy()
    for _ in range(VI_MAX_ITERS):
        new_values = rewards + gamma * values[:, next_state].max(axis=2)
        if np.max(np.abs(new_values - values)) < VI_TOL:
            return new_values
        values = new_values
    raise RuntimeError("value iteration did not converge")


def power(values, rewards, state, gamma):
    """POWER of a state: rescaled average optimal value of what comes after it."""
    return float(np.mean(values[:, state] - rewards[:, state]) * (1.0 - gamma) / gamma)


rewards = rng.uniform(0.0, 1.0, size=(N_REWARDS, n_states))
frac_by_gamma = []
for gamma in GAMMA_SWEEP:
    values = value_iteration(rewards, gamma)
    frac_by_gamma.append(np.mean(values[:, LEFT_HUB] > values[:, RIGHT_HUB]))

values = value_iteration(rewards, GAMMA)
frac_prefer_more_options = float(np.mean(values[:, LEFT_HUB] > values[:, RIGHT_HUB]))
options_ratio_prediction = N_MANY / (N_MANY + N_FEW)
power_many = power(values, rewards, LEFT_HUB, GAMMA)
power_few = power(values, rewards, RIGHT_HUB, GAMMA)
print(f"gamma={GAMMA}: left preferred by {frac_prefer_more_options:.3f} of reward functions")
print(f"POWER(left hub)={power_many:.3f}, POWER(right hub)={power_few:.3f}")

# %% [markdown]
# ## Figure
#
# Left: the world. Middle: the share of reward functions whose optimal first move is left, as
# the agent becomes more far-sighted; the dashed line is the option-counting prediction. Right:
# POWER of the two hubs at discount 0.99. With uniform rewards, the POWER of a hub with `k` end
# states tends to the mean of the largest of `k` uniforms, `k / (k + 1)`: 0.8 versus 0.5 here.

# %%
fig, axes = plt.subplots(1, 3, figsize=(14, 4))

ax = axes[0]
pos = {START: (0.0, 0.0), LEFT_HUB: (-1.0, -1.0), RIGHT_HUB: (1.0, -1.0)}
for i, s in enumerate(LEFT_ENDS):
    pos[s] = (-1.0 + 0.6 * (i - (N_MANY - 1) / 2), -2.0)
for i, s in enumerate(RIGHT_ENDS):
    pos[s] = (1.0 + 0.6 * (i - (N_FEW - 1) / 2), -2.0)
for s, succ in enumerate(SUCCESSORS):
    for t in set(succ):
        if t != s:
            ax.annotate(
                "",
                xy=pos[t],
                xytext=pos[s],
                arrowprops=dict(arrowstyle="->", shrinkA=12, shrinkB=12),
            )
colors = ["lightgray", "tab:blue", "tab:orange"] + ["tab:blue"] * N_MANY + ["tab:orange"] * N_FEW
for s, (x, y) in pos.items():
    ax.scatter(x, y, s=500, color=colors[s], edgecolor="k", zorder=3)
    ax.text(x, y, str(s), ha="center", va="center", zorder=4)
ax.text(-1.0, -2.45, "absorbing end states", ha="center")
ax.set_title("start -> left hub (4 ends) or right hub (1 end)")
ax.set_xlim(-2.2, 2.0)
ax.set_ylim(-2.7, 0.4)
ax.axis("off")

ax = axes[1]
ax.plot(GAMMA_SWEEP, frac_by_gamma, "o-", label="optimal first move = left")
ax.axhline(options_ratio_prediction, ls="--", color="k", label="option count 4/5")
ax.axhline(0.5, ls=":", color="gray", label="no preference")
ax.set_xlabel("discount factor gamma")
ax.set_ylabel("fraction of random reward functions")
ax.set_ylim(0.4, 0.9)
ax.legend(loc="lower right")
ax.set_title("far-sighted agents head for more options")

ax = axes[2]
ax.bar(["left hub\n(4 ends)", "right hub\n(1 end)"], [power_many, power_few], color=colors[1:3])
ax.set_ylabel("POWER (rescaled average optimal value)")
ax.set_title(f"POWER at gamma={GAMMA}")
fig.tight_layout()

# %%
print(f"frac_prefer_more_options={frac_prefer_more_options:.3f}")
print(f"options_ratio_prediction={options_ratio_prediction:.3f}")
print(f"power_many={power_many:.3f}")
print(f"power_few={power_few:.3f}")
