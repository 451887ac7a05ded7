# %% [markdown]
# # Side effects: the shortest path breaks a vase, an impact penalty walks around it
#
# **Concepts shown:** negative side effects; impact regularization (a stepwise relative
# reachability penalty).
#
# A task reward usually says what to achieve and is silent about everything else. If the
# quickest way to the goal damages something the reward does not mention, a reward maximizer
# damages it. Here a room is split by a wall with two doorways. A vase stands in the doorway on
# the shortest route; walking into it breaks it, and nothing can repair it. The other doorway
# costs a few extra steps. The task reward is −1 per step until the goal is reached.
#
# Impact regularization subtracts a penalty for changing the world. The penalty here is the
# undiscounted relative reachability of Krakovna et al. (2019) with their **stepwise inaction
# baseline**: after every step, compare the states the agent can still reach with the states it
# could reach had it stood still for that step instead, and charge the share of states that its
# step made unreachable. The penalty is computed from the environment's transition model by a
# reachability search; it never refers to the vase. Ordinary walking loses nothing, because
# every move can be undone; the step into the vase loses every "vase intact" state for good and
# is charged once, when it happens. (A baseline of the starting state, the simpler choice,
# would charge the broken vase again on every later step; the concept page explains why
# Krakovna et al. prefer the stepwise one.)
#
# The room size, the wall, the doorways, the start and the goal are drawn from `DEMO_SEED`,
# always with the vase on every shortest path and a vase-free route at most 8 steps longer.
#
# **What you'll see:** the optimal policy, computed exactly by value iteration on the
# environment's model, for a range of penalty weights. The penalty is a one-time price for the
# vase, so the policy switches from the vase to the detour at the weight where that price
# equals the extra cost of the detour: that weight can be written down from the layout, and the
# exact planner switches there. With the penalty switched off (same room) the agent walks
# through the vase.
#
# **Claim:** on seeds 0, 1 and 2 (the seeds the tests run), with the stepwise relative reachability
# penalty the exactly optimal policy switches from breaking the vase to walking around it at the
# weight predicted by charging the lost reachability once (bisection on the planner agrees within
# 0.1%); just below that weight it breaks the vase, just above it it reaches the goal with the vase
# intact, and at weight 20 (above the switch for every layout the generator allows) it does so by a
# strictly longer path. Ablation, same room: with the penalty switched off the optimal policy breaks
# the vase, which the layout guarantees, and still reaches the goal.
#
# Source: V. Krakovna, L. Orseau, R. Kumar, M. Martic and S. Legg, "Penalizing side effects using
# stepwise relative reachability", https://arxiv.org/abs/1806.01186.

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
STEP_REWARD = -1.0  # task reward per step (staying put included) until the goal is entered
GAMMA = 0.99  # discount factor: how much a reward one step later counts
IMPACT_WEIGHT = 20.0  # weight of the penalty in the penalized reward (the main run)
WEIGHT_SWEEP = np.linspace(0.0, 25.0, 101)  # penalty weights tried in the sweep figure
BISECTION_STEPS = 40  # halvings of the weight interval when locating the switch
FLIP_MARGIN = 1e-3  # "just below / just above" the predicted switch, as a relative offset
VI_TOL = 1e-10  # value iteration stops when no value changes by more than this
MAX_EPISODE_STEPS = 100  # time limit of the registered environment

MOVES = np.array([[-1, 0], [0, 1], [1, 0], [0, -1], [0, 0]])  # up, right, down, left, stay
STAY = 4  # index of the "do nothing" action, used by the inaction baseline

# %% [markdown]
# ## The environment
#
# A state is (agent cell, vase intact or not), so the observation space has two copies of the
# grid. Entering the vase cell while the vase is intact breaks it; the cell then counts as floor.
# The agent can also stay where it is (the "do nothing" action the baseline needs). The
# environment exposes its deterministic model (`walk_next`, `next_state`, `reward`, `terminal`).


# %%
def bfs_distances(free, source):
    """Shortest-path step counts from `source` over free cells (-1 where unreachable)."""
    dist = np.full(free.shape, -1)
    dist[source] = 0
    queue = deque([source])
    while queue:
        r, c = queue.popleft()
        for dr, dc in MOVES[:STAY]:
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
        self.vase_cell = self.vase[0] * self.width + self.vase[1]
        # full model over (cell, intact): the vase breaks when the agent enters its cell
        broken_next = cell_next  # vase already broken: it stays broken
        entering = (cell_next == self.vase_cell) & (np.arange(n_cells)[:, None] != self.vase_cell)
        intact_next = np.where(entering, cell_next, cell_next + n_cells)
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
# ## The penalty: stepwise relative reachability
#
# Reachability is computed on the walking graph (the end of the episode at the goal is ignored,
# so that arriving is not mistaken for losing options): `reach[s, x]` says whether state x can
# be reached from state s, found as the transitive closure of the one-step graph by repeated
# boolean matrix products. Only the states the agent can reach from the start count.
#
# For a step from s to s′, the baseline is the state that doing nothing in s would have led to
# (here s itself: nothing else in the room moves). The penalty of the step is the share of
# states reachable from that baseline that are no longer reachable from s′.

# %%
n_states = 2 * model.n_cells
step_graph = np.zeros((n_states, n_states), dtype=bool)
step_graph[np.repeat(np.arange(n_states), len(MOVES)), model.walk_next.ravel()] = True
reach = step_graph | np.eye(n_states, dtype=bool)
while True:
    grown = (reach.astype(np.int32) @ reach.astype(np.int32)) > 0
    if (grown == reach).all():
        break
    reach = grown
valid = reach[model.start_state()]  # the states that exist for this agent
baseline = model.walk_next[:, STAY]  # stepwise inaction baseline: where staying put leads
lost = reach[baseline][:, None, :] & ~reach[model.walk_next]  # [s, a, x]: x lost by taking a
penalty = np.where(model.terminal[:, None], 0.0, lost.sum(axis=2) / valid.sum())

breaks = (model.walk_next < model.n_cells) & (np.arange(n_states) >= model.n_cells)[:, None]
breaks &= ~model.terminal[:, None]  # [s, a]: this step breaks the vase
on_valid = valid[:, None] & np.ones(breaks.shape, dtype=bool)
broken_vase_penalty = float(penalty[breaks & on_valid].max())
walking_penalty = float(penalty[~breaks & on_valid].max())  # every other step
print(f"penalty of the step that breaks the vase: {broken_vase_penalty:.3f}")
print(f"largest penalty of any other step: {walking_penalty:.3f}")

# %% [markdown]
# ## Planning with and without the penalty
#
# Value iteration on the model, with reward r(s, a) − weight × penalty(s, a), gives the exactly
# optimal policy (no learning, no sampling); its greedy policy is then run in the registered
# environment. Weight 0 is the ablation: the task reward alone, in the same room.


# %%
def plan(weight):
    """Exactly optimal policy (value iteration) with the penalty scaled by `weight`."""
    reward = model.reward - weight * penalty
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


plain = rollout(plan(0.0))  # ablation: penalty switched off
penalized = rollout(plan(IMPACT_WEIGHT))
sweep = [rollout(plan(w)) for w in WEIGHT_SWEEP]
print(f"penalty off: {plain['steps']} steps, vase broken: {plain['broke']}")
print(f"weight {IMPACT_WEIGHT:g}: {penalized['steps']} steps, vase broken: {penalized['broke']}")

# %% [markdown]
# ## Where the behaviour switches, predicted and measured
#
# Because the penalty is charged once, the switch can be predicted from the layout alone. A
# path of L steps earns −(1 − γᴸ)/(1 − γ), where γ is the discount factor. Going through the
# vase takes the shortest path and pays weight × p × γᵏ on top, where p is the penalty of
# breaking the vase and k the time step at which it breaks; the detour avoids that but takes
# longer. The predicted switch is the weight at which the two are equal. The measured switch
# is found by bisection on the exact planner.


# %%
def path_return(length):
    return STEP_REWARD * (1 - GAMMA**length) / (1 - GAMMA)


short_len = int(bfs_distances(model.free, model.start)[model.goal])
no_vase = model.free.copy()
no_vase[model.vase] = False
detour_len = int(bfs_distances(no_vase, model.start)[model.goal])
break_time = int(bfs_distances(model.free, model.start)[model.vase]) - 1  # step index, from 0
predicted_flip = (path_return(short_len) - path_return(detour_len)) / (
    broken_vase_penalty * GAMMA**break_time
)

low, high = 0.0, float(WEIGHT_SWEEP[-1])
assert rollout(plan(low))["broke"] and not rollout(plan(high))["broke"]
for _ in range(BISECTION_STEPS):
    mid = (low + high) / 2
    low, high = (mid, high) if rollout(plan(mid))["broke"] else (low, mid)
measured_flip = (low + high) / 2
below = rollout(plan(predicted_flip * (1 - FLIP_MARGIN)))
above = rollout(plan(predicted_flip * (1 + FLIP_MARGIN)))
print(f"shortest path: {short_len} steps, the vase breaks on step {break_time + 1}")
print(f"vase-free detour: {detour_len} steps")
print(f"switch: predicted at weight {predicted_flip:.4f}, measured at {measured_flip:.4f}")

# %%
fig, axes = plt.subplots(1, 2, figsize=(12, 4.2), gridspec_kw={"width_ratios": [1.2, 1]})
ax = axes[0]
ax.imshow(~model.free, cmap="Greys", vmin=0, vmax=1.5)
for run, color, label, offset in (
    (plain, "tab:red", "penalty off", -0.1),
    (penalized, "tab:green", f"penalty weight {IMPACT_WEIGHT:g}", 0.1),
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
ax.set_title("Paths of the exactly optimal policies")
ax = axes[1]
lengths = np.array([run["steps"] for run in sweep])
broke = np.array([run["broke"] for run in sweep])
ax.plot(WEIGHT_SWEEP[broke], lengths[broke], "o", color="tab:red", label="vase broken")
ax.plot(WEIGHT_SWEEP[~broke], lengths[~broke], "o", color="tab:green", label="vase intact")
ax.yaxis.get_major_locator().set_params(integer=True)
ax.axvline(predicted_flip, color="black", linestyle="--", label="predicted switch")
ax.axvline(IMPACT_WEIGHT, color="tab:green", linestyle=":", label=f"weight used: {IMPACT_WEIGHT:g}")
ax.set_xlabel("impact penalty weight")
ax.set_ylabel("path length (steps)")
ax.set_title("Weight sweep: the switch is where the one-time price\nequals the detour's cost")
ax.legend(fontsize=9)
fig.tight_layout()

# %% [markdown]
# The switch lands where the arithmetic says, and that is the point to take away: an impact
# penalty does not make an agent careful in general, it puts a price on lost options, and the
# agent pays it whenever the task reward offers more. Here the vase costs about half of all
# reachable states; a damage that lost fewer states would need a larger weight to be avoided,
# and a weight set too high for one task may block a useful action in another.

# %%
print(f"ablation_no_penalty_breaks_vase={int(plain['broke'])}")
print(f"ablation_no_penalty_reaches_goal={int(plain['goal'])}")
print(f"ablation_no_penalty_path_length={plain['steps']}")
print(f"penalized_breaks_vase={int(penalized['broke'])}")
print(f"penalized_reaches_goal={int(penalized['goal'])}")
print(f"penalized_path_length={penalized['steps']}")
print(f"broken_vase_penalty={broken_vase_penalty:.3f}")
print(f"walking_penalty_max={walking_penalty:.3f}")
print(f"flip_weight_predicted={predicted_flip:.3f}")
print(f"flip_weight_measured={measured_flip:.3f}")
print(f"below_flip_breaks_vase={int(below['broke'])}")
print(f"above_flip_breaks_vase={int(above['broke'])}")
print(f"above_flip_reaches_goal={int(above['goal'])}")
