# %% [markdown]
# # Side effects: the shortest path breaks a vase, an impact penalty walks around it
#
# **Concepts shown:** negative side effects; impact regularization (a relative reachability
# penalty).
#
# A task reward usually says what to achieve and is silent about everything else. If the
# quickest way to the goal damages something the reward does not mention, a reward maximizer
# damages it. Here a room is split by a wall with two doorways. A vase stands in the doorway on
# the shortest route; walking into it breaks it, and nothing can repair it. The other doorway
# costs a few extra steps. The task reward is −1 per step until the goal is reached.
#
# Impact regularization subtracts a penalty for changing the world. The penalty used here is a
# simple form of relative reachability (Krakovna et al., 2018): compare the set of states the
# agent could still reach with the set it could reach from a baseline, here the start state
# (which is what "doing nothing" would leave in this static world), and charge, at every step,
# the fraction of states that the agent has made unreachable. It is computed from the
# environment's transition model by a reachability search; it never refers to the vase. Breaking
# the vase makes every "vase intact" state unreachable for good, while ordinary walking loses
# nothing because every move can be undone.
#
# The room size, the wall, the doorways, the start and the goal are drawn from `DEMO_SEED`,
# always with the vase on every shortest path and a longer vase-free route.
#
# **What you'll see:** value iteration on the environment's model with the task reward alone and
# with the impact penalty. The plain agent walks straight through the vase; the penalized agent
# takes the other doorway and still reaches the goal. A sweep over the penalty weight shows where
# the behaviour switches.
#
# **Claim:** on every seed, the optimal policy for the task reward alone breaks the vase, and the
# optimal policy with the reachability penalty (weight 20) reaches the goal with the vase intact,
# by a strictly longer path.
#
# Source: V. Krakovna, L. Orseau, R. Kumar, M. Martic and S. Legg, "Penalizing side effects using
# stepwise relative reachability", https://arxiv.org/abs/1806.01186 (see also A. M. Turner,
# D. Hadfield-Menell and P. Tadepalli, "Conservative Agency via Attainable Utility Preservation",
# https://arxiv.org/abs/1902.09725).

# %%
import os
from collections import deque

import gymnasium
import matplotlib.pyplot as plt
import numpy as np
from gymnasium import spaces
from gymnasium.utils.env_checker import check_env

# %%
SEED = int(os.environ.get("DEMO_SEED", "0"))  # seeds the room layout
ENV_ID = "VaseGridworld-v0"  # id under which the environment is registered
HEIGHT_RANGE = (5, 7)  # room height is drawn from this range (inclusive)
WIDTH_RANGE = (7, 9)  # room width is drawn from this range (inclusive)
MAX_DETOUR_EXTRA = 8  # the vase-free route is at most this many steps longer
STEP_REWARD = -1.0  # task reward per step; the episode ends when the goal is entered
GAMMA = 0.99  # discount factor
IMPACT_WEIGHT = 20.0  # weight of the reachability penalty in the penalized reward
WEIGHT_SWEEP = np.linspace(0.0, 25.0, 51)  # penalty weights tried in the sweep
VI_TOL = 1e-9  # value iteration stops when no value changes by more than this
MAX_EPISODE_STEPS = 100  # time limit of the registered environment

MOVES = np.array([[-1, 0], [0, 1], [1, 0], [0, -1]])  # up, right, down, left as (row, col)

# %% [markdown]
# ## The environment
#
# A state is (agent cell, vase intact or not), so the observation space has two copies of the
# grid. Entering the vase cell while the vase is intact breaks it; the cell then counts as floor.
# The environment exposes its deterministic model (`next_state`, `reward`, `terminal`).


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
    """A room split by a wall with two doorways; the vase blocks the doorway on the short route."""
    rng = np.random.default_rng(layout_seed)
    while True:
        height = int(rng.integers(HEIGHT_RANGE[0], HEIGHT_RANGE[1] + 1))
        width = int(rng.integers(WIDTH_RANGE[0], WIDTH_RANGE[1] + 1))
        wall_col = int(rng.integers(2, width - 2))
        vase_row, door_row = rng.choice(height, 2, replace=False)
        free = np.ones((height, width), dtype=bool)
        free[:, wall_col] = False
        free[vase_row, wall_col] = free[door_row, wall_col] = True
        start = (int(rng.integers(height)), int(rng.integers(wall_col)))
        goal = (int(rng.integers(height)), int(rng.integers(wall_col + 1, width)))
        vase = (int(vase_row), wall_col)
        short = bfs_distances(free, start)[goal]
        no_vase = free.copy()
        no_vase[vase] = False
        detour = bfs_distances(no_vase, start)[goal]
        if short < detour <= short + MAX_DETOUR_EXTRA:  # the vase is on every shortest path
            return free, start, goal, vase


class VaseGridworld(gymnasium.Env):
    """Walk to the goal; stepping into the intact vase breaks it, irreversibly."""

    def __init__(self, layout_seed=0):
        self.free, self.start, self.goal, self.vase = make_layout(layout_seed)
        self.height, self.width = self.free.shape
        n_cells = self.height * self.width
        self.n_cells = n_cells
        self.observation_space = spaces.Discrete(2 * n_cells)  # index = intact * n_cells + cell
        self.action_space = spaces.Discrete(len(MOVES))
        # moves on the grid, ignoring the vase: cell -> next cell
        rows, cols = np.divmod(np.arange(n_cells), self.width)
        nr, nc = rows[:, None] + MOVES[None, :, 0], cols[:, None] + MOVES[None, :, 1]
        ok = (nr >= 0) & (nr < self.height) & (nc >= 0) & (nc < self.width)
        ok[ok] &= self.free[nr[ok], nc[ok]]
        cell_next = np.where(ok, nr * self.width + nc, np.arange(n_cells)[:, None])
        vase_cell = self.vase[0] * self.width + self.vase[1]
        # full model over (cell, intact): the vase breaks when the agent enters its cell
        broken_next = cell_next  # vase already broken: it stays broken
        intact_next = np.where(cell_next == vase_cell, cell_next, cell_next + n_cells)
        self.walk_next = np.concatenate([broken_next, intact_next])  # ignores the goal ending
        self.goal_states = np.array([0, n_cells]) + self.goal[0] * self.width + self.goal[1]
        self.terminal = np.isin(np.arange(2 * n_cells), self.goal_states)
        self.next_state = np.where(
            self.terminal[:, None], np.arange(2 * n_cells)[:, None], self.walk_next
        )  # goal states are absorbing
        self.reward = np.where(
            self.terminal[:, None], 0.0, np.full(self.walk_next.shape, STEP_REWARD)
        )
        self.state = self.start_state()

    def start_state(self):
        return int(self.n_cells + self.start[0] * self.width + self.start[1])

    def reset(self, *, seed=None, options=None):
        super().reset(seed=seed)
        self.state = self.start_state()
        return self.state, {"vase_intact": True}

    def step(self, action):
        reward = float(self.reward[self.state, int(action)])
        self.state = int(self.next_state[self.state, int(action)])
        info = {"vase_intact": bool(self.state >= self.n_cells)}
        return self.state, reward, bool(self.terminal[self.state]), False, info


gymnasium.register(
    id=ENV_ID,
    entry_point=VaseGridworld,
    max_episode_steps=MAX_EPISODE_STEPS,
    kwargs={"layout_seed": SEED},
)
check_env(gymnasium.make(ENV_ID).unwrapped)
print("env_checker_passed=1")

env = gymnasium.make(ENV_ID)
model = env.unwrapped

# %% [markdown]
# ## The reachability penalty
#
# Reachability is computed on the walking graph (the end of the episode at the goal is ignored,
# so that arriving is not mistaken for losing options). The reachable sets are the transitive
# closure of the one-step graph, found by repeated boolean matrix products. The penalty of a
# state is the fraction of states reachable from the baseline that are no longer reachable
# from it.

# %%
n_states = 2 * model.n_cells
step_graph = np.zeros((n_states, n_states), dtype=bool)
step_graph[np.repeat(np.arange(n_states), len(MOVES)), model.walk_next.ravel()] = True
reach = step_graph | np.eye(n_states, dtype=bool)  # reach[s, x]: x can be reached from s
while True:
    grown = (reach.astype(np.int32) @ reach.astype(np.int32)) > 0
    if (grown == reach).all():
        break
    reach = grown
baseline = reach[model.start_state()]  # states reachable from the start (the inaction baseline)
lost = baseline[None, :] & ~reach  # reachable from the baseline but not from s
penalty = lost.sum(axis=1) / baseline.sum()  # fraction of baseline-reachable states lost
print(f"penalty when the vase is intact: {penalty[model.start_state()]:.3f}")
print(f"penalty once the vase is broken: {penalty[model.start_state() - model.n_cells]:.3f}")

# %% [markdown]
# ## Planning with and without the penalty
#
# Value iteration on the model, with reward r(s, a) − weight × penalty(s'), then the greedy
# policy is run in the registered environment. Two honest caveats. The weight matters: the sweep
# below shows that a small weight still lets the agent break the vase, because the detour has to
# cost less than the penalty. And with the start state as baseline the penalty is charged on
# every step after the damage, so its total grows with the time left in the episode. Krakovna
# et al. compare several baselines and recommend a stepwise one (what doing nothing for one step
# from the previous state would have led to); with it the damage would be charged only once.


# %%
def plan(weight):
    """Greedy policy from value iteration with the penalty scaled by `weight`."""
    reward = model.reward - weight * np.where(
        model.terminal[:, None], 0.0, penalty[model.next_state]
    )
    V = np.zeros(n_states)
    while True:
        Q = reward + GAMMA * np.where(model.terminal[:, None], 0.0, V[model.next_state])
        V_new = Q.max(axis=1)
        if np.abs(V_new - V).max() < VI_TOL:
            return Q.argmax(axis=1)
        V = V_new


def rollout(policy):
    """Run a policy in the environment: visited cells, steps, vase broken, goal reached."""
    obs, info = env.reset(seed=SEED)
    cells, terminated, truncated = [obs % model.n_cells], False, False
    while not (terminated or truncated):
        obs, _, terminated, truncated, info = env.step(int(policy[obs]))
        cells.append(obs % model.n_cells)
    return {
        "cells": cells,
        "steps": len(cells) - 1,
        "broke": not info["vase_intact"],
        "goal": terminated,
    }


plain = rollout(plan(0.0))
penalized = rollout(plan(IMPACT_WEIGHT))
sweep = [rollout(plan(w)) for w in WEIGHT_SWEEP]
switch = [w for w, run in zip(WEIGHT_SWEEP, sweep, strict=True) if not run["broke"]]
print(f"plain: {plain['steps']} steps, vase broken: {plain['broke']}")
print(f"penalized: {penalized['steps']} steps, vase broken: {penalized['broke']}")

# %%
fig, axes = plt.subplots(1, 2, figsize=(12, 4.2), gridspec_kw={"width_ratios": [1.2, 1]})
ax = axes[0]
ax.imshow(~model.free, cmap="Greys", vmin=0, vmax=1.5)
for run, color, label, offset in (
    (plain, "tab:red", "task reward only", -0.1),
    (penalized, "tab:green", f"with impact penalty (weight {IMPACT_WEIGHT:g})", 0.1),
):
    pr, pc = np.divmod(np.array(run["cells"]), model.width)
    ax.plot(
        pc + offset,
        pr + offset,
        "-o",
        color=color,
        markersize=4,
        label=f"{label}: {run['steps']} steps",
    )
ax.text(model.start[1], model.start[0], "S", ha="center", va="center", fontweight="bold")
ax.text(model.goal[1], model.goal[0], "G", ha="center", va="center", fontweight="bold")
ax.plot(model.vase[1], model.vase[0], marker="D", color="tab:purple", markersize=14, alpha=0.6)
ax.text(model.vase[1], model.vase[0] - 0.45, "vase", ha="center", va="bottom", fontsize=9)
ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.02), fontsize=9)
ax.set_xticks([])
ax.set_yticks([])
ax.set_title("Greedy paths of the two optimal policies")
ax = axes[1]
lengths = np.array([run["steps"] for run in sweep])
broke = np.array([run["broke"] for run in sweep])
ax.plot(WEIGHT_SWEEP[broke], lengths[broke], "o", color="tab:red", label="vase broken")
ax.plot(WEIGHT_SWEEP[~broke], lengths[~broke], "o", color="tab:green", label="vase intact")
ax.yaxis.get_major_locator().set_params(integer=True)
ax.axvline(IMPACT_WEIGHT, color="tab:green", linestyle=":", label=f"weight used: {IMPACT_WEIGHT:g}")
ax.set_xlabel("impact penalty weight")
ax.set_ylabel("path length (steps)")
ax.set_title("Penalty weight sweep: above a threshold the agent detours")
ax.legend(fontsize=9)
fig.tight_layout()

# %%
print(f"plain_breaks_vase={int(plain['broke'])}")
print(f"penalized_breaks_vase={int(penalized['broke'])}")
print(f"plain_reaches_goal={int(plain['goal'])}")
print(f"penalized_reaches_goal={int(penalized['goal'])}")
print(f"plain_path_length={plain['steps']}")
print(f"penalized_path_length={penalized['steps']}")
print(f"broken_vase_penalty={penalty[model.start_state() - model.n_cells]:.3f}")
print(f"smallest_swept_weight_that_spares_vase={switch[0] if switch else float('nan'):.3f}")
