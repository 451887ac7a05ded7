# %% [markdown]
# # Reward hacking on a tiny race track
#
# **Concepts shown:** specification gaming (reward hacking), outer alignment.
#
# A boat must race from the start `S` to the finish `F`. Beside the track lies a small lagoon
# with two targets `o` that come back a little while after they are hit. The designer rewards
# the game score: +1 per target hit and +5 for crossing the finish line. This is a miniature
# of the CoastRunners boat race described by OpenAI, where a trained boat circled a lagoon
# hitting respawning targets over and over instead of finishing the race.
#
# The same tabular Q-learning agent is trained twice on the same track: once on the
# **proxy reward** (the game score), and once on a **fixed reward** that pays for progress
# towards the finish and for finishing, and nothing for targets.
#
# **What you'll see:** heat maps of where each trained agent goes, with its finish rate and
# score. The proxy agent heads for the lagoon and farms targets until time runs out; the
# fixed agent drives straight to the finish. The learner is identical, only the reward we
# wrote down changed. And judged by the proxy score, the agent that never finishes beats the
# one that does.
#
# **Claim:** the agent trained on the score finishes at most 20% of races (the fixed-reward
# agent finishes at least 90%), and it earns a higher score than the agent that finishes.
#
# Source: J. Clark and D. Amodei (OpenAI), [Faulty reward functions in the
# wild](https://openai.com/index/faulty-reward-functions/), 2016.

# %%
import os

import gymnasium
import matplotlib.pyplot as plt
import numpy as np
from gymnasium import spaces
from gymnasium.utils.env_checker import check_env

# %%
SEED = int(os.environ.get("DEMO_SEED", "0"))  # master seed; every generator derives from it
ENV_ID = "RaceTrackLagoon-v0"  # id under which the custom environment is registered
TRACK = (  # S start, F finish, o respawning target, . open water, # wall
    "S........F",
    "###o.#####",
    "###.o#####",
)
FINISH_BONUS = 5.0  # points for crossing the finish line (both rewards pay it)
RESPAWN_PROB = 0.5  # chance per step that a hit target reappears
MAX_STEPS = 60  # episode length limit (truncation)
TRAIN_EPISODES = 400  # Q-learning episodes per agent
ALPHA = 0.2  # Q-learning step size
GAMMA = 0.95  # discount factor
EPSILON = 0.1  # exploration rate of the epsilon-greedy behaviour policy while training
EVAL_EPISODES = 100  # greedy evaluation episodes per agent

# %% [markdown]
# ## The environment
#
# The state is the boat's cell plus one bit per target (present or not), so the problem is a
# proper Markov decision process and tabular Q-learning can solve it. Actions are the four
# compass moves; moving into a wall leaves the boat where it is. A target counts only when
# the boat *moves onto* its cell, so the boat has to keep moving to farm points.
#
# `reward="score"` is the proxy (targets + finish bonus); `reward="progress"` is the fix
# (+1 per column moved towards the finish, -1 per column moved back, + finish bonus).
# Moving back and forth earns nothing under the fix, so there is nothing to farm.

# %%
MOVES = ((-1, 0), (0, 1), (1, 0), (0, -1))  # up, right, down, left


def cells_marked(chars):
    """(row, col) of every track cell whose character is in `chars`."""
    return [(r, c) for r, row in enumerate(TRACK) for c, ch in enumerate(row) if ch in chars]


class RaceTrackEnv(gymnasium.Env):
    """Grid race track with respawning targets in a side lagoon."""

    metadata = {"render_modes": []}

    def __init__(self, reward="score", respawn_prob=RESPAWN_PROB, finish_bonus=FINISH_BONUS):
        assert reward in ("score", "progress")
        self.reward_kind = reward
        self.respawn_prob = respawn_prob
        self.finish_bonus = finish_bonus
        cells = cells_marked("SFo.")
        self.cell_index = {rc: i for i, rc in enumerate(cells)}
        self.targets = cells_marked("o")
        self.start = cells_marked("S")[0]
        self.finish = cells_marked("F")[0]
        self.observation_space = spaces.Discrete(len(cells) * 2 ** len(self.targets))
        self.action_space = spaces.Discrete(len(MOVES))

    def _obs(self):
        flags = sum(1 << i for i, present in enumerate(self.present) if present)
        return self.cell_index[self.pos] * 2 ** len(self.targets) + flags

    def reset(self, *, seed=None, options=None):
        super().reset(seed=seed)
        self.pos = self.start
        self.present = [True] * len(self.targets)
        return self._obs(), {}

    def step(self, action):
        row, col = self.pos
        for i, present in enumerate(self.present):  # hit targets may respawn
            if not present and self.np_random.random() < self.respawn_prob:
                self.present[i] = True
        d_row, d_col = MOVES[int(action)]
        new_pos = (row + d_row, col + d_col)
        moved = new_pos in self.cell_index
        if moved:
            self.pos = new_pos
        hits = 0
        for i, target in enumerate(self.targets):
            if moved and self.pos == target and self.present[i]:
                self.present[i] = False
                hits += 1
        finished = self.pos == self.finish
        if self.reward_kind == "score":
            reward = hits + self.finish_bonus * finished
        else:
            reward = (self.pos[1] - col) + self.finish_bonus * finished
        info = {"hits": hits, "finished": finished}
        return self._obs(), float(reward), finished, False, info


gymnasium.register(ENV_ID, entry_point=RaceTrackEnv, max_episode_steps=MAX_STEPS)
check_env(gymnasium.make(ENV_ID).unwrapped)
print("env_checker_passed=1")

# %% [markdown]
# ## The learner: tabular Q-learning
#
# Plain one-step Q-learning with an epsilon-greedy behaviour policy. Hitting the step limit is
# a truncation, not a real ending, so we still bootstrap from the next state there; the agent
# therefore maximizes the discounted sum of whatever reward the environment pays. Ties
# between equal Q-values are broken by a tiny random initial value.

# %%
rng = np.random.default_rng(SEED)


def train_q_learning(reward, rng):
    env = gymnasium.make(ENV_ID, reward=reward)
    q = (rng.random((env.observation_space.n, env.action_space.n)) * 1e-6).tolist()
    for _ in range(TRAIN_EPISODES):
        state, _ = env.reset(seed=int(rng.integers(2**31)))
        explore = rng.random(MAX_STEPS) < EPSILON  # pre-drawn for speed
        random_actions = rng.integers(env.action_space.n, size=MAX_STEPS)
        for t in range(MAX_STEPS):
            q_s = q[state]
            action = int(random_actions[t]) if explore[t] else q_s.index(max(q_s))
            next_state, reward_t, terminated, truncated, _ = env.step(action)
            target = reward_t if terminated else reward_t + GAMMA * max(q[next_state])
            q_s[action] += ALPHA * (target - q_s[action])
            state = next_state
            if terminated or truncated:
                break
    env.close()
    return np.array(q)


def evaluate(q, seed):
    """Run the greedy policy on the proxy (score) environment and record what happens."""
    env = gymnasium.make(ENV_ID, reward="score")
    visits = np.zeros((len(TRACK), len(TRACK[0])))
    finishes, hits, score = 0, 0, 0.0
    for episode in range(EVAL_EPISODES):
        state, _ = env.reset(seed=seed + episode)
        visits[env.unwrapped.pos] += 1
        done = False
        while not done:
            state, reward_t, terminated, truncated, info = env.step(int(q[state].argmax()))
            visits[env.unwrapped.pos] += 1
            finishes += info["finished"]
            hits += info["hits"]
            score += reward_t
            done = terminated or truncated
    env.close()
    n = EVAL_EPISODES
    return {"finish_rate": finishes / n, "hits": hits / n, "score": score / n, "visits": visits}


q_proxy = train_q_learning("score", rng)
q_fixed = train_q_learning("progress", rng)
eval_seed = int(rng.integers(2**31))
proxy = evaluate(q_proxy, eval_seed)
fixed = evaluate(q_fixed, eval_seed)

# %% [markdown]
# ## What the two agents do
#
# The heat maps count how often each cell is visited over all evaluation episodes
# (log colour scale). Walls are grey.

# %%
fig, axes = plt.subplots(1, 3, figsize=(13, 3.2), gridspec_kw={"width_ratios": [1, 1, 0.7]})
walls = np.array([[ch == "#" for ch in row] for row in TRACK])
for ax, result, title in [
    (axes[0], proxy, "trained on score (proxy)"),
    (axes[1], fixed, "trained on progress (fixed)"),
]:
    shown = np.ma.masked_where(walls, np.log1p(result["visits"]))
    ax.imshow(walls, cmap="Greys", vmin=0, vmax=2)
    ax.imshow(shown, cmap="viridis")
    for r, row in enumerate(TRACK):
        for c, ch in enumerate(row):
            if ch in "SFo":
                ax.text(c, r, ch, ha="center", va="center", color="white", fontweight="bold")
    ax.set_title(title)
    ax.set_xticks([])
    ax.set_yticks([])
labels = ["finish rate", "score / 10"]
x = np.arange(len(labels))
axes[2].bar(x - 0.2, [proxy["finish_rate"], proxy["score"] / 10], 0.4, label="proxy agent")
axes[2].bar(x + 0.2, [fixed["finish_rate"], fixed["score"] / 10], 0.4, label="fixed agent")
axes[2].set_xticks(x, labels)
axes[2].legend()
axes[2].set_title("evaluation (score = proxy reward)")
fig.tight_layout()

# %% [markdown]
# The proxy agent heads for the lagoon and stays there for the whole episode, shuttling
# back and forth to whichever target has respawned. That earns about 0.4 to 0.5 points per
# step, which over a long episode (and under discounting) is worth more than the single
# 5-point finish bonus. The optimizer did exactly what the number asked for; the mistake
# was in the number. Changing only the reward, so that it pays for what we actually want
# (getting closer to the finish) and offers no loop that pays again and again, makes the
# same learner finish. This is the outer alignment problem in miniature: writing down a
# reward whose optimum is the behaviour you meant.

# %%
print(f"proxy_finish_rate={proxy['finish_rate']:.3f}")
print(f"proxy_hits_per_episode={proxy['hits']:.3f}")
print(f"fixed_finish_rate={fixed['finish_rate']:.3f}")
print(f"fixed_hits_per_episode={fixed['hits']:.3f}")
print(f"proxy_score_of_proxy_agent={proxy['score']:.3f}")
print(f"proxy_score_of_fixed_agent={fixed['score']:.3f}")
