# %% [markdown]
# # A gridworld MDP: the discount factor decides which reward is worth the walk
#
# **Concept shown:** Markov decision process (MDP), solved exactly by value iteration.
#
# An MDP describes a sequential decision problem with five ingredients: a set of states, a set
# of actions, transition probabilities P(s' | s, a), a reward for each transition, and a discount
# factor γ between 0 and 1 that says how much a reward one step later is worth compared with the
# same reward now. "Markov" means the next state depends only on the current state and action,
# not on how the agent got there. Given the full model, value iteration repeatedly applies the
# Bellman optimality update V(s) ← max_a Σ_s' P(s' | s, a) [r + γ V(s')] until it stops changing;
# acting greedily on the result is an optimal policy.
#
# Here the states are the free cells of a small grid, the actions are the four compass moves,
# and moves are stochastic: with probability `SLIP` the agent slides sideways instead. Two exits
# end the episode: a small reward (+1) a couple of steps from the start and a large reward (+10)
# much further away. Nothing else is rewarded. The layout (walls, start and both exits) is drawn
# at random from `DEMO_SEED`, always keeping the "near and small" versus "far and large" structure.
#
# **What you'll see:** the same MDP solved with a low and a high discount factor. With the low γ
# the far reward is discounted so heavily that the optimal policy heads for the small nearby exit;
# with the high γ it walks to the large far exit. The figure shows both value functions as heatmaps
# with the greedy action in each cell. The result lines also report how often the policy actually
# ends at each exit, computed exactly from the model and by running episodes in the environment.
#
# **Claim:** on every seed, the optimal policy for γ = 0.5 ends at the near +1 exit with
# probability above 0.5, and the optimal policy for γ = 0.95 ends at the far +10 exit with
# probability above 0.5.
#
# Source: R. S. Sutton and A. G. Barto, *Reinforcement Learning: An Introduction*, 2nd ed.
# (2018), chapters 3 and 4, http://incompleteideas.net/book/the-book-2nd.html

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
ENV_ID = "DiscountGridworld-v0"  # id under which the environment is registered
HEIGHT, WIDTH = 6, 9  # grid size in cells
N_WALLS = 8  # interior wall cells placed at random
SLIP = 0.1  # chance that a move slides sideways (half to each perpendicular side)
NEAR_REWARD = 1.0  # reward for entering the near exit
FAR_REWARD = 10.0  # reward for entering the far exit
NEAR_DISTANCE = (2, 3)  # allowed shortest-path distances from start to the near exit
FAR_MIN_EXTRA = 6  # the far exit is at least this many steps further away than the near one
GAMMA_LOW = 0.5  # impatient agent: a reward k steps away is worth 0.5**k
GAMMA_HIGH = 0.95  # patient agent: a reward k steps away is worth 0.95**k
VI_TOL = 1e-8  # value iteration stops when no state value changes by more than this
VI_MAX_ITERS = 10_000  # safety cap on value iteration sweeps
OUTCOME_HORIZON = 500  # steps over which exit probabilities are accumulated from the model
N_EPISODES = 300  # episodes run in the environment per policy for an empirical check
MAX_EPISODE_STEPS = 200  # time limit for those episodes

MOVES = np.array([[-1, 0], [0, 1], [1, 0], [0, -1]])  # up, right, down, left as (row, col)
ARROWS = "↑→↓←"

# %% [markdown]
# ## The environment
#
# The layout generator places random walls, then a start cell, a near exit 2-3 steps from the
# start and a far exit at least 6 steps further than that (distances are shortest paths around
# the walls). The environment exposes its full model, `P[s, a, s']` and the expected reward
# `R[s, a]`, because value iteration is a planning method: it needs the model, not samples.


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
    """Random walls, start, near exit and far exit that keep the near/far structure."""
    rng = np.random.default_rng(layout_seed)
    while True:
        free = np.ones((HEIGHT, WIDTH), dtype=bool)
        free.flat[rng.choice(HEIGHT * WIDTH, N_WALLS, replace=False)] = False
        cells = np.argwhere(free)
        start = tuple(cells[rng.integers(len(cells))])
        dist = bfs_distances(free, start)
        if (dist[free] < 0).any():  # every free cell must be reachable
            continue
        near_options = np.argwhere((dist >= NEAR_DISTANCE[0]) & (dist <= NEAR_DISTANCE[1]))
        near = tuple(near_options[rng.integers(len(near_options))])
        # the far exit must be far from the start and not reached by walking past the near one
        far_ok = (dist >= dist[near] + FAR_MIN_EXTRA) & (bfs_distances(free, near) >= FAR_MIN_EXTRA)
        free_no_near = free.copy()
        free_no_near[near] = False
        far_ok &= bfs_distances(free_no_near, start) == dist  # a shortest path avoids the near exit
        far_options = np.argwhere(far_ok)
        if len(far_options) == 0:
            continue
        far = tuple(far_options[rng.integers(len(far_options))])
        return free, start, near, far


class DiscountGridworld(gymnasium.Env):
    """Slippery gridworld with a near small exit and a far large exit (both end the episode)."""

    def __init__(self, layout_seed=0, slip=SLIP):
        self.free, self.start, self.near, self.far = make_layout(layout_seed)
        self.n_states = HEIGHT * WIDTH  # one state per cell; wall cells are simply never visited
        self.observation_space = spaces.Discrete(self.n_states)
        self.action_space = spaces.Discrete(len(MOVES))
        self.terminal = np.zeros(self.n_states, dtype=bool)
        self.terminal[[self.index(self.near), self.index(self.far)]] = True
        self.enter_reward = np.zeros(self.n_states)  # reward for entering each state
        self.enter_reward[self.index(self.near)] = NEAR_REWARD
        self.enter_reward[self.index(self.far)] = FAR_REWARD
        self.P = self._transition_model(slip)  # P[s, a, s'], each row sums to 1
        for t in self.terminal.nonzero()[0]:  # exits are absorbing and give nothing more
            self.P[t] = 0.0
            self.P[t, :, t] = 1.0
        self.R = self.P @ self.enter_reward  # expected reward R[s, a]
        self.R[self.terminal] = 0.0
        self.state = self.index(self.start)

    def index(self, cell):
        return int(cell[0] * WIDTH + cell[1])

    def _move(self, r, c, a):
        nr, nc = r + MOVES[a, 0], c + MOVES[a, 1]
        if 0 <= nr < HEIGHT and 0 <= nc < WIDTH and self.free[nr, nc]:
            return nr, nc
        return r, c  # bumping into a wall or the edge leaves the agent in place

    def _transition_model(self, slip):
        P = np.zeros((self.n_states, len(MOVES), self.n_states))
        for r, c in np.argwhere(self.free):
            s = self.index((r, c))
            for a in range(len(MOVES)):
                for b, prob in ((a, 1 - slip), ((a + 1) % 4, slip / 2), ((a + 3) % 4, slip / 2)):
                    P[s, a, self.index(self._move(r, c, b))] += prob
        for r, c in np.argwhere(~self.free):  # unreachable wall states: self-loops keep P valid
            P[self.index((r, c)), :, self.index((r, c))] = 1.0
        return P

    def reset(self, *, seed=None, options=None):
        super().reset(seed=seed)
        self.state = self.index(self.start)
        return self.state, {}

    def step(self, action):
        probs = self.P[self.state, int(action)]
        next_state = int(self.np_random.choice(self.n_states, p=probs))
        reward = 0.0 if self.terminal[self.state] else float(self.enter_reward[next_state])
        self.state = next_state
        return next_state, reward, bool(self.terminal[next_state]), False, {}


gymnasium.register(
    id=ENV_ID,
    entry_point=DiscountGridworld,
    max_episode_steps=MAX_EPISODE_STEPS,
    kwargs={"layout_seed": SEED},
)
check_env(gymnasium.make(ENV_ID).unwrapped)
print("env_checker_passed=1")

# %% [markdown]
# ## Value iteration
#
# Each sweep computes Q(s, a) = R(s, a) + γ Σ_s' P(s' | s, a) V(s') for all states and actions at
# once (one matrix product), then sets V(s) = max_a Q(s, a). Because γ < 1 the update is a
# contraction, so it converges to the unique optimal value function from any starting guess.


# %%
def value_iteration(P, R, gamma):
    """Return optimal V, greedy policy, and the number of sweeps until convergence."""
    V = np.zeros(P.shape[0])
    iterations = 0
    while iterations < VI_MAX_ITERS:
        Q = R + gamma * P @ V
        V_new = Q.max(axis=1)
        delta = np.abs(V_new - V).max()
        V, iterations = V_new, iterations + 1
        if delta < VI_TOL:
            break
    return V, Q.argmax(axis=1), iterations


def exit_probabilities(P, policy, start, exits):
    """Exact probability that following `policy` from `start` ends in each exit state."""
    P_pi = P[np.arange(P.shape[0]), policy]  # state-to-state matrix under the policy
    dist = np.zeros(P.shape[0])
    dist[start] = 1.0
    for _ in range(OUTCOME_HORIZON):
        dist = dist @ P_pi  # exits are absorbing, so their mass only accumulates
    return [dist[e] for e in exits]


env = gymnasium.make(ENV_ID)
model = env.unwrapped
start, near, far = model.index(model.start), model.index(model.near), model.index(model.far)
results = {}
for name, gamma in (("low", GAMMA_LOW), ("high", GAMMA_HIGH)):
    V, policy, iters = value_iteration(model.P, model.R, gamma)
    p_near, p_far = exit_probabilities(model.P, policy, start, (near, far))
    results[name] = {"gamma": gamma, "V": V, "policy": policy, "iters": iters}
    results[name].update(p_near=p_near, p_far=p_far)

# %% [markdown]
# ## Check by running episodes
#
# The exact exit probabilities come from the model. As a sanity check, the same greedy policies
# are also run in the registered environment, which samples its slips from its own seeded
# random generator.

# %%
for k, name in enumerate(("low", "high")):
    policy = results[name]["policy"]
    ends = []
    for episode in range(N_EPISODES):
        obs, _ = env.reset(seed=SEED * 100_000 + k * N_EPISODES + episode)
        terminated = truncated = False
        while not (terminated or truncated):
            obs, reward, terminated, truncated, _ = env.step(int(policy[obs]))
        ends.append(obs)
    ends = np.array(ends)
    results[name]["near_rate"] = float(np.mean(ends == near))
    results[name]["far_rate"] = float(np.mean(ends == far))

# %%
fig, axes = plt.subplots(1, 2, figsize=(11, 4))
for ax, name in zip(axes, ("low", "high"), strict=True):
    res = results[name]
    V = np.where(model.free.ravel(), res["V"], np.nan).reshape(HEIGHT, WIDTH)
    V[model.near] = V[model.far] = np.nan  # exits are terminal (value 0), drawn separately
    image = ax.imshow(V, cmap="viridis")
    fig.colorbar(image, ax=ax, shrink=0.8, label="V(s)")
    for r, c in np.argwhere(model.free):
        s = model.index((r, c))
        if (r, c) in (model.near, model.far):
            ax.add_patch(plt.Rectangle((c - 0.5, r - 0.5), 1, 1, color="white"))
            label = "+1" if (r, c) == model.near else "+10"
            ax.text(c, r, label, ha="center", va="center", color="red", fontweight="bold")
        else:
            label = ARROWS[res["policy"][s]]
            color = "white" if V[r, c] < np.nanmax(V) / 2 else "black"
            ax.text(c, r, label, ha="center", va="center", color=color, fontsize=12)
    for r, c in np.argwhere(~model.free):
        ax.add_patch(plt.Rectangle((c - 0.5, r - 0.5), 1, 1, color="dimgray"))
    ax.add_patch(
        plt.Rectangle(
            (model.start[1] - 0.5, model.start[0] - 0.5),
            1,
            1,
            fill=False,
            edgecolor="orange",
            linewidth=3,
        )
    )
    ax.set_title(f"γ = {res['gamma']}: P(near) = {res['p_near']:.2f}, P(far) = {res['p_far']:.2f}")
    ax.set_xticks([])
    ax.set_yticks([])
fig.suptitle("Optimal value V(s) and greedy action per cell (orange box = start, grey = wall)")
fig.tight_layout()

# %%
low, high = results["low"], results["high"]
print(f"low_gamma_goes_near={int(low['p_near'] > 0.5)}")
print(f"high_gamma_goes_far={int(high['p_far'] > 0.5)}")
print(f"low_gamma_p_near={low['p_near']:.3f}")
print(f"high_gamma_p_far={high['p_far']:.3f}")
print(f"low_gamma_near_rate={low['near_rate']:.3f}")
print(f"high_gamma_far_rate={high['far_rate']:.3f}")
print(f"value_iteration_iters={high['iters']}")
print(f"value_iteration_iters_low_gamma={low['iters']}")
