# %% [markdown]
# # A gridworld MDP: where the discount factor flips the best exit, and a learner finds it
#
# **Concepts shown:** Markov decision process (MDP), its exact solution by value iteration, and
# Q-learning, which learns the same answer from experience without the model.
#
# An MDP describes a sequential decision problem with five ingredients: a set of states, a set
# of actions, transition probabilities P(s' | s, a), a reward for each transition, and a discount
# factor γ between 0 and 1 that says how much a reward one step later is worth compared with the
# same reward now (a reward k steps away counts γᵏ times as much). "Markov" means the next state
# depends only on the current state and action, not on how the agent got there. Given the full
# model, value iteration repeatedly applies the Bellman optimality update
# V(s) ← max_a Σ_s' P(s' | s, a) [r + γ V(s')] until it stops changing; acting greedily on the
# result is an optimal policy.
#
# Here the states are the free cells of a small grid, the actions are the four compass moves,
# and moves are stochastic: with probability `SLIP` the agent slides sideways instead. Two exits
# end the episode: a small reward (+1) a couple of steps from the start and a large reward (+10)
# at least 6 steps further away. Nothing else is rewarded. The layout (walls, start and both
# exits) is drawn at random from `DEMO_SEED`.
#
# **What is forced, and what is not.** Which exit is optimal is plain arithmetic of the layout:
# roughly, the far exit wins once 10 × γᶠ beats 1 × γⁿ, where f and n are the step counts to the far
# and near exits. So "a low γ picks the near exit, a high γ the far one" is true by construction
# and is only printed here.
# What the demo computes is *where* the answer flips: the exact discount γ* at which the optimal
# policy from the start switches exits, found by bisection on exact value iteration. What it
# tests is something that could go wrong: whether a Q-learning agent, which never sees P or the
# rewards and learns only from sampled steps, ends up taking the exit the exact solution
# prescribes just below and just above the flip.
#
# **What you'll see:** the exact probability of ending at each exit as γ sweeps from 0.3 to
# 0.99, with the flip γ* marked; the exact optimal values and the learned greedy actions at
# γ* − 0.1 and γ* + 0.1. As an ablation, the same learners with their step size set to zero
# (same seeds, same random draws, no learning) are evaluated in the same way.
#
# **Claim:** on seeds 0, 1 and 2 (the seeds the tests run), with γ* the discount at which the exact
# optimal policy switches from the near exit to the far one, at least 9 of the 10 Q-learning runs at
# γ* − 0.1 learn a greedy policy that ends at the near exit with probability above 0.5, and at least
# 9 of the 10 runs at γ* + 0.1 learn one that ends at the far exit with probability above 0.5, as
# the exact optimal policies do; in the ablation without learning (step size zero), fewer than 9 of
# the 10 runs on each side have a greedy policy that ends, with probability above 0.5, at the exit
# the exact optimum takes (near below the flip, far above it).
#
# Sources: R. S. Sutton and A. G. Barto, *Reinforcement Learning: An Introduction*, 2nd ed.
# (2018), chapters 3, 4 and 6, http://incompleteideas.net/book/the-book-2nd.html

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
GAMMA_SWEEP = np.round(np.arange(0.30, 0.991, 0.01), 2)  # discounts for the exact sweep
BISECT_TOL = 1e-4  # the flip discount is located to within this
DELTA = 0.1  # the learners train at flip - DELTA and flip + DELTA
VI_TOL = 1e-8  # value iteration stops when no state value changes by more than this
VI_MAX_ITERS = 10_000  # safety cap on value iteration sweeps
OUTCOME_HORIZON = 500  # steps over which exit probabilities are accumulated from the model
N_RUNS = 10  # independent Q-learning runs per side of the flip
TRAIN_STEPS = 40_000  # environment steps per run
ALPHA = 0.3  # constant step size of Q-learning (not shrunk, unlike the convergence proofs)
EPSILON = 0.2  # exploration rate of the epsilon-greedy behaviour
MAX_EPISODE_STEPS = 100  # time limit for an episode
N_EPISODES = 200  # episodes run in the environment per learned policy as a sampled check

MOVES = np.array([[-1, 0], [0, 1], [1, 0], [0, -1]])  # up, right, down, left as (row, col)
ARROWS = "↑→↓←"

# %% [markdown]
# ## The environment
#
# The layout generator places random walls, then a start cell, a near exit 2-3 steps from the
# start and a far exit at least 6 steps further than that (distances are shortest paths around
# the walls). The environment exposes its full model, `P[s, a, s']` and the expected reward
# `R[s, a]`, because value iteration is a planning method: it needs the model. The learners
# below never read `P` or `R`; they only sample transitions from it.


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
# ## Exact solution, and the discount at which it flips
#
# Each value-iteration sweep computes Q(s, a) = R(s, a) + γ Σ_s' P(s' | s, a) V(s') for all
# states and actions at once, then sets V(s) = max_a Q(s, a). Because γ < 1 the update is a
# contraction, so it converges to the unique optimal values from any starting guess. The exit
# probabilities of a policy are computed exactly by pushing the start distribution through the
# policy's transition matrix. The flip γ* is found by bisection on "the optimal policy ends at the
# far exit with probability above 0.5".


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


def optimal_exits(gamma):
    _, policy, iters = value_iteration(model.P, model.R, gamma)
    return (*exit_probabilities(model.P, policy, start, (near, far)), iters)


sweep = np.array([optimal_exits(g)[:2] for g in GAMMA_SWEEP])  # columns: P(near), P(far)
goes_far = sweep[:, 1] > 0.5
n_switches = int(np.sum(goes_far[1:] != goes_far[:-1]))  # 1 if the answer flips exactly once
lo, hi = 0.01, 0.999
assert optimal_exits(lo)[1] <= 0.5 < optimal_exits(hi)[1], "no flip inside (0.01, 0.999)"
while hi - lo > BISECT_TOL:
    mid = (lo + hi) / 2
    lo, hi = (lo, mid) if optimal_exits(mid)[1] > 0.5 else (mid, hi)
gamma_flip = (lo + hi) / 2
gammas = {"below": gamma_flip - DELTA, "above": gamma_flip + DELTA}
exact = {}
for side, gamma in gammas.items():
    V, policy, iters = value_iteration(model.P, model.R, gamma)
    p_near, p_far = exit_probabilities(model.P, policy, start, (near, far))
    exact[side] = {"V": V, "policy": policy, "iters": iters, "p_near": p_near, "p_far": p_far}
print(f"flip of the exact optimum at gamma* = {gamma_flip:.4f} ({n_switches} switch on the grid)")

# %% [markdown]
# ## Q-learning on both sides of the flip, and the ablation without learning
#
# Each run is tabular Q-learning with a constant step size and epsilon-greedy exploration. To
# make sure it sees the whole grid, every training episode starts in a random free cell
# ("exploring starts"). It samples each next state from the environment's transition table and
# never reads the table itself. The ablation runs are the same runs, with the same tiny random
# initial values and the same random draws, but a step size of zero: their greedy policy is
# whatever their initial values say. All runs advance together as numpy arrays; a learned
# policy is then scored by its exact exit probabilities from the true start.

# %%
rng = np.random.default_rng(SEED)
sides = list(gammas)
n_learn = len(sides) * N_RUNS  # learning runs: (below, above) x runs
idx = np.arange(n_learn)
run_id = idx % N_RUNS
gamma_of = np.array([gammas[s] for s in sides])[idx // N_RUNS]
free_states = np.flatnonzero(model.free.ravel() & ~model.terminal)
cum_P = np.cumsum(model.P, axis=2)
cum_P[..., -1] = 1.0  # guard against rounding below 1
n_actions = len(MOVES)
enter_reward, terminal = model.enter_reward, model.terminal

Q_init = 1e-6 * rng.random((N_RUNS, model.n_states, n_actions))  # shared by both sides
Q = Q_init[run_id]  # a copy per learning run
Qf = Q.reshape(-1, n_actions)  # flat view: row run * n_states + state
base = idx * model.n_states
# per-run random draws, shared by the two sides (column k of each array belongs to run k)
explore_all = (rng.random((TRAIN_STEPS, N_RUNS)) < EPSILON)[:, run_id]
random_all = rng.integers(n_actions, size=(TRAIN_STEPS, N_RUNS))[:, run_id]
slip_u = rng.random((TRAIN_STEPS, N_RUNS))[:, run_id, None]
start_all = rng.choice(free_states, size=(TRAIN_STEPS + 1, N_RUNS))[:, run_id]
state = start_all[0]
t_in_episode = np.zeros(n_learn, dtype=int)
for step in range(TRAIN_STEPS):
    row = base + state
    q_now = Qf[row]
    action = np.where(explore_all[step], random_all[step], q_now.argmax(axis=1))
    next_state = (cum_P[state, action] < slip_u[step]).sum(axis=1)
    reward = enter_reward[next_state]
    done = terminal[next_state]
    target = reward + gamma_of * np.where(done, 0.0, Qf[base + next_state].max(axis=1))
    Qf[row, action] += ALPHA * (target - q_now[idx, action])
    t_in_episode += 1
    ended = done | (t_in_episode >= MAX_EPISODE_STEPS)
    state = np.where(ended, start_all[step + 1], next_state)
    t_in_episode[ended] = 0

# learning runs first, then the ablation: the same runs with a step size of zero, whose values
# therefore never leave their initial values
learned_policy = np.concatenate([Q.argmax(axis=2), Q_init[run_id].argmax(axis=2)])
learns = np.arange(2 * n_learn) < n_learn
side_of = (np.arange(2 * n_learn) // N_RUNS) % len(sides)
n_batch = 2 * n_learn
learned_exits = np.array(
    [exit_probabilities(model.P, learned_policy[i], start, (near, far)) for i in range(n_batch)]
)
# does the run end where the exact optimum ends (near below the flip, far above it)?
matches = np.where(side_of == 0, learned_exits[:, 0] > 0.5, learned_exits[:, 1] > 0.5)
n_match = {
    (kind, side): int(matches[(learns == (kind == "learned")) & (side_of == k)].sum())
    for kind in ("learned", "ablation")
    for k, side in enumerate(sides)
}

# %% [markdown]
# ## Check by running episodes
#
# The exit probabilities above come from the model. As a sampled check, the first learned run on
# each side is also run from the true start in the registered environment, which samples its
# slips from its own seeded random generator.

# %%
sampled_rate = {}
for k, side in enumerate(sides):
    policy = learned_policy[k * N_RUNS]
    ends = []
    for episode in range(N_EPISODES):
        obs, _ = env.reset(seed=SEED * 100_000 + k * N_EPISODES + episode)
        terminated = truncated = False
        while not (terminated or truncated):
            obs, reward, terminated, truncated, _ = env.step(int(policy[obs]))
        ends.append(obs)
    sampled_rate[side] = float(np.mean(np.array(ends) == (near if side == "below" else far)))

# %%
fig, axes = plt.subplots(1, 3, figsize=(17, 4.2), gridspec_kw={"width_ratios": [1, 1, 1.2]})
for ax, side in zip(axes[:2], sides, strict=True):
    res = exact[side]
    V = np.where(model.free.ravel(), res["V"], np.nan).reshape(HEIGHT, WIDTH)
    V[model.near] = V[model.far] = np.nan  # exits are terminal (value 0), drawn separately
    image = ax.imshow(V, cmap="viridis")
    fig.colorbar(image, ax=ax, shrink=0.8, label="exact optimal V(s)")
    policy = learned_policy[sides.index(side) * N_RUNS]
    for r, c in np.argwhere(model.free):
        s = model.index((r, c))
        if (r, c) in (model.near, model.far):
            ax.add_patch(plt.Rectangle((c - 0.5, r - 0.5), 1, 1, color="white"))
            label = "+1" if (r, c) == model.near else "+10"
            ax.text(c, r, label, ha="center", va="center", color="red", fontweight="bold")
        else:
            color = "white" if V[r, c] < np.nanmax(V) / 2 else "black"
            ax.text(c, r, ARROWS[policy[s]], ha="center", va="center", color=color, fontsize=12)
    for r, c in np.argwhere(~model.free):
        ax.add_patch(plt.Rectangle((c - 0.5, r - 0.5), 1, 1, color="dimgray"))
    sr, sc = model.start
    ax.add_patch(plt.Rectangle((sc - 0.5, sr - 0.5), 1, 1, fill=False, edgecolor="orange", lw=3))
    ax.set_title(f"γ = γ* {'-' if side == 'below' else '+'} {DELTA} = {gammas[side]:.3f}")
    ax.set_xticks([])
    ax.set_yticks([])
ax = axes[2]
ax.plot(GAMMA_SWEEP, sweep[:, 1], "-", color="tab:blue", label="exact optimum: P(far exit)")
ax.plot(GAMMA_SWEEP, sweep[:, 0], "-", color="tab:orange", label="exact optimum: P(near exit)")
ax.axvline(gamma_flip, color="k", linestyle="--", label=f"flip γ* = {gamma_flip:.3f}")
for k, side in enumerate(sides):
    for kind, marker, color in (("learned", "o", "tab:green"), ("ablation", "x", "tab:red")):
        rows = (side_of == k) & (learns == (kind == "learned"))
        ax.scatter(
            np.full(rows.sum(), gammas[side]),
            learned_exits[rows, 1],
            marker=marker,
            color=color,
            alpha=0.6,
            label=f"{kind} runs: P(far exit)" if k == 0 else None,
        )
ax.set_xlabel("discount factor γ")
ax.set_ylabel("probability of ending at the exit")
ax.set_ylim(-0.05, 1.05)
ax.legend(fontsize=8, loc="center left")
ax.set_title("Exact flip, and where the learners end")
fig.suptitle(
    "Exact optimal values with the greedy actions of one learned run (orange box = start, "
    "grey = wall)"
)
fig.tight_layout()

# %%
print(f"gamma_flip={gamma_flip:.3f}")
print(f"flip_switches_on_grid={n_switches}")
print(f"gamma_below={gammas['below']:.3f}")
print(f"gamma_above={gammas['above']:.3f}")
print(f"exact_below_p_near={exact['below']['p_near']:.3f}")
print(f"exact_above_p_far={exact['above']['p_far']:.3f}")
print(f"learned_below_runs_near={n_match[('learned', 'below')]}")
print(f"learned_above_runs_far={n_match[('learned', 'above')]}")
print(f"ablation_below_runs_near={n_match[('ablation', 'below')]}")
print(f"ablation_above_runs_far={n_match[('ablation', 'above')]}")
print(f"sampled_below_near_rate={sampled_rate['below']:.3f}")
print(f"sampled_above_far_rate={sampled_rate['above']:.3f}")
print(f"value_iteration_iters={exact['above']['iters']}")
