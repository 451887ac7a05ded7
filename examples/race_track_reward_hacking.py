# %% [markdown]
# # Reward hacking on a tiny race track
#
# **Concepts shown:** reward hacking, specification gaming, outer alignment.
#
# A boat must race from the start `S` to the finish `F`. Beside the track lies a small lagoon
# with two targets `o` that come back a little while after they are hit. The designer rewards
# the game score: +1 per target hit and a bonus for crossing the finish line. This is a
# miniature of the CoastRunners boat race described by OpenAI, where a trained boat circled a
# lagoon hitting respawning targets instead of finishing the race.
#
# Because the track is tiny, we can do two things side by side. We **solve the game exactly**
# (value iteration on the known model) to find what a perfect maximizer of the score would do,
# and we **train** tabular Q-learners, which know nothing about the model, and watch what they do.
# Three rewards are compared, each on the same seeds and the same random numbers:
#
# * the **game score** (the proxy), with a finish bonus of 5;
# * the **ablation**: the same score, but hit targets never come back, so nothing can be farmed;
# * the **intended reward**: the finish bonus only, plus a progress hint written in the
#   potential-based form, so that no loop can pay.
#
# Finally, a sweep over the finish bonus shows where the exact optimum switches from farming to
# finishing, and where the learners follow it and where they do not.
#
# **What you'll see:** heat maps of where the trained boats go, and the sweep. At bonus 5,
# circling the lagoon really is the best way to earn score, and the learners find it; without
# respawning targets, or with the intended reward, they finish. Above a bonus of about 12 the
# exact optimum finishes, but most learners keep farming: they found the lagoon first and
# explore too little to learn that the finish now pays more.
#
# **Claim:** at finish bonus 5, where the exactly solved optimum of the score farms and never
# finishes, Q-learners trained on the score finish at most 20% of races, hit at least 10 targets
# per race and reach at least 70% of the optimal discounted score; on the same seeds, with
# respawning switched off they finish at least 90% of races, and with the intended reward they
# finish at least 90% yet earn a lower game score than the farmers. At finish bonus 40, where the
# exact optimum finishes every race, the score-trained learners still finish at most half of
# their races.
#
# Sources: J. Clark and D. Amodei (OpenAI), [Faulty reward functions in the
# wild](https://openai.com/index/faulty-reward-functions/), 2016; A. Y. Ng, D. Harada and
# S. Russell, "Policy invariance under reward transformations", ICML 1999.

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
FINISH_BONUS = 5.0  # points for crossing the finish line in the main comparison
RESPAWN_PROB = 0.5  # chance per step that a hit target reappears (0 in the ablation)
HINT_PER_COLUMN = 0.5  # potential of the intended reward's progress hint, per column covered
MAX_STEPS = 60  # episode length limit (a truncation, not an ending)
GAMMA = 0.95  # discount factor: how much a point one step later counts
N_RUNS = 16  # independent Q-learning runs per reward
TRAIN_STEPS = 12_000  # environment steps per run (about 200 episodes of 60 steps)
ALPHA = 0.2  # Q-learning step size
EPSILON = 0.1  # exploration rate of the epsilon-greedy behaviour policy while training
SWEEP_BONUSES = (2.0, 5.0, 8.0, 11.0, 14.0, 17.0, 20.0, 25.0, 30.0, 40.0)  # finish bonuses swept
VI_TOL = 1e-10  # value iteration stops when no value changes by more than this

# %% [markdown]
# ## The environment
#
# The state is the boat's cell plus one bit per target (present or not), so the problem is a
# proper Markov decision process. Actions are the four compass moves; moving into a wall leaves
# the boat where it is. Each step, every hit target first reappears with probability 0.5; then
# the boat moves, and a target counts only when the boat *moves onto* it, so the boat has to
# keep moving to farm points.
#
# The environment builds its model as tables once (next state, targets hit and finish, for every
# state, action and respawn outcome), and `step` looks its answer up there. Value iteration and
# the batched learners below use the same tables.

# %%
MOVES = ((-1, 0), (0, 1), (1, 0), (0, -1))  # up, right, down, left
CELLS = [(r, c) for r, row in enumerate(TRACK) for c, ch in enumerate(row) if ch != "#"]
TARGETS = [(r, c) for r, row in enumerate(TRACK) for c, ch in enumerate(row) if ch == "o"]
N_FLAGS = 2 ** len(TARGETS)  # target presence patterns; also the number of respawn outcomes
N_STATES, N_ACTIONS = len(CELLS) * N_FLAGS, len(MOVES)


def state_at(cell):
    """State index of the boat at `cell` with every target present."""
    return CELLS.index(cell) * N_FLAGS + N_FLAGS - 1


START = state_at((0, 0))
FINISH_CELL = CELLS.index((0, TRACK[0].index("F")))


def build_model():
    """Tables indexed by (state, action, respawn outcome): next state, targets hit, finished."""
    index = {rc: i for i, rc in enumerate(CELLS)}
    shape = (N_STATES, N_ACTIONS, N_FLAGS)
    next_state, hits = np.zeros(shape, dtype=int), np.zeros(shape)
    for s in range(N_STATES):
        cell, flags = divmod(s, N_FLAGS)
        for a, (dr, dc) in enumerate(MOVES):
            for respawned in range(N_FLAGS):
                present = flags | respawned  # hit targets that came back this step
                row, col = CELLS[cell]
                moved = (row + dr, col + dc) in index
                pos = (row + dr, col + dc) if moved else (row, col)
                for i, target in enumerate(TARGETS):
                    if moved and pos == target and present >> i & 1:
                        present &= ~(1 << i)
                        hits[s, a, respawned] += 1
                if cell == FINISH_CELL:  # the finish is terminal; nothing changes there
                    next_state[s, a, respawned] = s
                    hits[s, a, respawned] = 0
                else:
                    next_state[s, a, respawned] = index[pos] * N_FLAGS + present
    is_finish = np.arange(N_STATES) // N_FLAGS == FINISH_CELL
    finished = is_finish[next_state] & ~is_finish[:, None, None]  # the step that crosses the line
    return next_state, hits, finished


NEXT_STATE, HITS, FINISHED = build_model()
TERMINAL = np.arange(N_STATES) // N_FLAGS == FINISH_CELL
COLUMN = np.array([CELLS[s // N_FLAGS][1] for s in range(N_STATES)])
# potential of the hint: columns covered so far, and 0 at the (terminal) finish
POTENTIAL = np.where(TERMINAL, 0.0, HINT_PER_COLUMN * COLUMN)


def reward_table(kind, bonus):
    """Reward for every (state, action, respawn outcome) under the chosen reward."""
    assert kind in ("score", "intended")
    if kind == "score":  # the proxy: game points
        return HITS + bonus * FINISHED
    # the intended reward: finish bonus plus the potential-based hint gamma*phi(s') - phi(s)
    hint = GAMMA * POTENTIAL[NEXT_STATE] - POTENTIAL[:, None, None]
    return np.where(TERMINAL[:, None, None], 0.0, bonus * FINISHED + hint)


def respawn_probs(respawn_prob):
    """Probability of each respawn outcome (bit i set: target i's coin came up)."""
    bits = (np.arange(N_FLAGS)[:, None] >> np.arange(len(TARGETS))) & 1
    return np.prod(np.where(bits == 1, respawn_prob, 1 - respawn_prob), axis=1)


class RaceTrackEnv(gymnasium.Env):
    """Grid race track with respawning targets in a side lagoon."""

    metadata = {"render_modes": []}

    def __init__(self, reward="score", respawn_prob=RESPAWN_PROB, finish_bonus=FINISH_BONUS):
        self.rewards = reward_table(reward, finish_bonus)
        self.respawn_prob = respawn_prob
        self.observation_space = spaces.Discrete(N_STATES)
        self.action_space = spaces.Discrete(N_ACTIONS)
        self.state = START

    def reset(self, *, seed=None, options=None):
        super().reset(seed=seed)
        self.state = START
        return self.state, {}

    def step(self, action):
        coins = self.np_random.random(len(TARGETS)) < self.respawn_prob
        respawned = int(np.dot(coins, 1 << np.arange(len(TARGETS))))
        key = (self.state, int(action), respawned)
        self.state = int(NEXT_STATE[key])
        info = {"hits": int(HITS[key]), "finished": bool(FINISHED[key])}
        return self.state, float(self.rewards[key]), bool(TERMINAL[self.state]), False, info


gymnasium.register(ENV_ID, entry_point=RaceTrackEnv, max_episode_steps=MAX_STEPS)
check_env(gymnasium.make(ENV_ID).unwrapped)
print("env_checker_passed=1")

# %% [markdown]
# ## Why the hint cannot pay for a loop
#
# A tempting way to reward progress is +1 for each column moved towards the finish and −1 for
# each column moved back. That looks loop-proof, but with discounting it is not: a step forward
# now and a step back one step later net 1 − γ = 0.05, again and again. The intended reward uses
# a *potential* instead: a score Φ for each state, here 0.5 per column covered, and 0 at the
# finish, which ends the race. A move from s to s' pays γΦ(s') − Φ(s). Over any T steps these
# payments add up to γ^T Φ(last state) − Φ(first state), so a loop that returns to the state it
# started from earns (γ^T − 1) Φ(s), never more than zero. Counted over a whole race (finished,
# or run on forever under discounting) the hint adds exactly −Φ(start) = 0, whatever the route.

# %%
col3, col4 = state_at((0, 3)), state_at((0, 4))
lap = GAMMA * POTENTIAL[col4] - POTENTIAL[col3]  # forward from column 3 to column 4 ...
lap += GAMMA * (GAMMA * POTENTIAL[col3] - POTENTIAL[col4])  # ... and back, one step later
print(f"+1/-1 progress reward, one forward-back lap: {1 - GAMMA:+.3f}")
print(f"potential-based hint, the same lap: {lap:+.3f}")

# %% [markdown]
# ## The exact optimum
#
# Value iteration on the model gives the best possible policy for each reward. The learner
# treats the 60-step time limit as a truncation (it keeps bootstrapping from the last state),
# so it is chasing the same infinite-horizon discounted objective that value iteration solves.
# To judge a policy we compute exactly, from the model, what happens over one 60-step race:
# the chance of finishing, the expected targets hit, and where the boat spends its time.


# %%
def value_iteration(rewards, respawn_prob):
    """Optimal Q-values for a reward table under the given respawn probability."""
    p = respawn_probs(respawn_prob)
    V = np.zeros(N_STATES)
    while True:
        Q = (p * (rewards + GAMMA * np.where(TERMINAL[NEXT_STATE], 0.0, V[NEXT_STATE]))).sum(-1)
        V_new = np.where(TERMINAL, 0.0, Q.max(axis=1))
        if np.abs(V_new - V).max() < VI_TOL:
            return Q
        V = V_new


def transitions(policies, respawn_prob):
    """Per policy: the move probabilities between non-terminal states, and for each state the
    expected targets hit and the chance of crossing the finish on the next step."""
    p = respawn_probs(respawn_prob)
    n = len(policies)
    states = np.arange(N_STATES)
    P = np.zeros((n, N_STATES, N_STATES))
    hits, finish = np.zeros((n, N_STATES)), np.zeros((n, N_STATES))
    for r in range(N_FLAGS):
        nxt = NEXT_STATE[states, policies, r]  # (n, S)
        np.add.at(P, (np.arange(n)[:, None], states, nxt), p[r])
        hits += p[r] * HITS[states, policies, r]
        finish += p[r] * FINISHED[states, policies, r]
    P[:, :, TERMINAL] = 0.0  # a finished boat leaves the race
    return P, hits, finish


def policy_value(policies, rewards, respawn_prob):
    """Exact discounted value at the start of each deterministic policy (one per row)."""
    P, _, _ = transitions(policies, respawn_prob)
    p = respawn_probs(respawn_prob)
    r_pi = (p * rewards[np.arange(N_STATES), policies]).sum(-1)  # (n, S)
    v = np.linalg.solve(np.eye(N_STATES) - GAMMA * P, r_pi[..., None])[..., 0]
    return v[:, START]


def one_race(policies, respawn_prob, bonus):
    """Exact outcome of one MAX_STEPS race for each policy: finish rate, hits, score, visits."""
    P, hits_s, finish_s = transitions(policies, respawn_prob)
    n = len(policies)
    dist = np.zeros((n, N_STATES))
    dist[:, START] = 1.0
    finish, hits, visits = np.zeros(n), np.zeros(n), dist.copy()
    for _ in range(MAX_STEPS):
        finish += (dist * finish_s).sum(axis=1)
        hits += (dist * hits_s).sum(axis=1)
        dist = np.einsum("ns,nst->nt", dist, P)
        visits += dist
    cell_visits = visits.reshape(n, len(CELLS), N_FLAGS).sum(axis=2).mean(axis=0)
    return {"finish": finish, "hits": hits, "score": hits + bonus * finish, "visits": cell_visits}


def exact_finish_rate(bonus, respawn_prob=RESPAWN_PROB, kind="score"):
    policy = value_iteration(reward_table(kind, bonus), respawn_prob).argmax(axis=1)
    return one_race(policy[None], respawn_prob, bonus)["finish"][0]


score_q = value_iteration(reward_table("score", FINISH_BONUS), RESPAWN_PROB)
optimal_score_value = score_q[START].max()
# the smallest finish bonus whose exact optimum finishes, by bisection
low, high = 0.0, max(SWEEP_BONUSES)
while high - low > 1e-3:
    mid = (low + high) / 2
    low, high = (low, mid) if exact_finish_rate(mid) > 0.5 else (mid, high)
flip_bonus = high
print(f"exact optimum at bonus {FINISH_BONUS:g}: finish rate {exact_finish_rate(FINISH_BONUS):.2f}")
print(f"exact optimum switches to finishing above a bonus of {flip_bonus:.2f}")

# %% [markdown]
# ## The learners: tabular Q-learning, many runs at once
#
# Plain one-step Q-learning with an epsilon-greedy behaviour policy; ties are broken by a tiny
# random initial value. All runs of all rewards are advanced together as numpy arrays, stepping
# the same model tables that `step` reads. Run i of every reward gets the same random numbers
# (exploration choices, random actions, respawn coins, initial values), so the rewards differ
# in nothing else.

# %%
rng = np.random.default_rng(SEED)
conditions = [("score", b, RESPAWN_PROB) for b in SWEEP_BONUSES]  # the sweep, bonus 5 included
conditions += [("score", FINISH_BONUS, 0.0), ("intended", FINISH_BONUS, RESPAWN_PROB)]
n_cond = len(conditions)
tables = np.stack([reward_table(kind, b) for kind, b, _ in conditions])
cond_of = np.repeat(np.arange(n_cond), N_RUNS)  # which condition each batch member runs
batch = n_cond * N_RUNS
rewards_flat = tables[cond_of].reshape(batch, -1)
respawn = np.array([p for _, _, p in conditions])[cond_of]
Q = np.tile(1e-6 * rng.random((N_RUNS, N_STATES, N_ACTIONS)), (n_cond, 1, 1))
explore = np.tile(rng.random((TRAIN_STEPS, N_RUNS)) < EPSILON, n_cond)
random_action = np.tile(rng.integers(N_ACTIONS, size=(TRAIN_STEPS, N_RUNS)), n_cond)
coins = np.tile(rng.random((TRAIN_STEPS, N_RUNS, len(TARGETS))), (1, n_cond, 1))
respawned_all = ((coins < respawn[None, :, None]) * (1 << np.arange(len(TARGETS)))).sum(axis=2)
next_flat = NEXT_STATE.ravel()
member = np.arange(batch)
state = np.full(batch, START)
t_in_episode = np.zeros(batch, dtype=int)
for step in range(TRAIN_STEPS):
    q_state = Q[member, state]
    action = np.where(explore[step], random_action[step], q_state.argmax(axis=1))
    key = (state * N_ACTIONS + action) * N_FLAGS + respawned_all[step]
    next_state = next_flat[key]
    done = TERMINAL[next_state]
    target = rewards_flat[member, key] + GAMMA * np.where(
        done, 0.0, Q[member, next_state].max(axis=1)
    )
    Q[member, state, action] += ALPHA * (target - q_state[member, action])
    t_in_episode += 1
    reset = done | (t_in_episode >= MAX_STEPS)
    state = np.where(reset, START, next_state)
    t_in_episode[reset] = 0

greedy = Q.argmax(axis=2).reshape(n_cond, N_RUNS, N_STATES)
races = [
    one_race(greedy[i], p, FINISH_BONUS if kind == "intended" else b)
    for i, (kind, b, p) in enumerate(conditions)
]
main = races[SWEEP_BONUSES.index(FINISH_BONUS)]
ablation, fixed = races[-2], races[-1]
# the intended-reward boats judged by the game score at bonus 5
fixed_on_score = one_race(greedy[-1], RESPAWN_PROB, FINISH_BONUS)
learned_value = policy_value(
    greedy[SWEEP_BONUSES.index(FINISH_BONUS)], reward_table("score", FINISH_BONUS), RESPAWN_PROB
)
sweep_learned = [races[i]["finish"].mean() for i in range(len(SWEEP_BONUSES))]
sweep_exact = [exact_finish_rate(b) for b in SWEEP_BONUSES]

# Cross-check: the first score-trained learner, raced in the registered environment itself.
env = gymnasium.make(ENV_ID)
policy0 = greedy[SWEEP_BONUSES.index(FINISH_BONUS), 0]
sampled_hits = []
for episode in range(20):
    obs, _ = env.reset(seed=SEED * 1000 + episode)
    done, hits = False, 0
    while not done:
        obs, _, terminated, truncated, info = env.step(int(policy0[obs]))
        hits += info["hits"]
        done = terminated or truncated
    sampled_hits.append(hits)
print(f"learner 0, raced 20 times in the environment: {np.mean(sampled_hits):.1f} hits per race")
print(f"learner 0, computed exactly from the tables: {main['hits'][0]:.1f} hits per race")

# %% [markdown]
# ## What the boats do
#
# The heat maps show the expected number of steps spent in each cell during one race, averaged
# over the runs (log colour scale; walls grey). The bottom panel is the sweep: the exact
# optimum's finish rate and the learners' finish rate for each finish bonus.

# %%
fig = plt.figure(figsize=(13, 6.4))
grid = fig.add_gridspec(2, 3, height_ratios=[1, 1.3])
walls = np.array([[ch == "#" for ch in row] for row in TRACK])
panels = [
    (main, f"score, bonus {FINISH_BONUS:g} (proxy)"),
    (ablation, "score, targets never respawn (ablation)"),
    (fixed, "intended reward with potential hint"),
]
for k, (result, title) in enumerate(panels):
    ax = fig.add_subplot(grid[0, k])
    heat = np.zeros(walls.shape)
    for i, rc in enumerate(CELLS):
        heat[rc] = result["visits"][i]
    ax.imshow(walls, cmap="Greys", vmin=0, vmax=2)
    ax.imshow(
        np.ma.masked_where(walls, np.log1p(heat)), cmap="viridis", vmin=0, vmax=np.log1p(MAX_STEPS)
    )
    for r, row in enumerate(TRACK):
        for c, ch in enumerate(row):
            if ch in "SFo":
                ax.text(c, r, ch, ha="center", va="center", color="white", fontweight="bold")
    ax.set_title(f"{title}\nfinish rate {result['finish'].mean():.2f}", fontsize=10)
    ax.set_xticks([])
    ax.set_yticks([])
ax = fig.add_subplot(grid[1, :])
ax.plot(SWEEP_BONUSES, sweep_exact, "s-", color="black", label="exact optimum (value iteration)")
ax.plot(
    SWEEP_BONUSES, sweep_learned, "o-", color="tab:red", label=f"Q-learners (mean of {N_RUNS} runs)"
)
ax.axvline(flip_bonus, color="grey", linestyle="--")
ax.text(flip_bonus + 0.3, 0.5, f"optimum switches\nat bonus {flip_bonus:.1f}", fontsize=9)
ax.axvline(FINISH_BONUS, color="tab:blue", linestyle=":", label="bonus used above")
ax.set_xlabel("finish bonus (points for crossing the line)")
ax.set_ylabel("finish rate in a 60-step race")
ax.set_ylim(-0.05, 1.05)
ax.legend(loc="center right", fontsize=9)
fig.tight_layout()

# %% [markdown]
# At bonus 5 the learners do what the score asks: circling the lagoon earns roughly 0.4 to 0.5
# points a step, worth more over a race than a single 5-point bonus, and the exact optimum
# circles too.
# Take away the respawning targets and the same learners, with the same random numbers, finish.
# Pay for the finish instead of the targets and they finish as well, while scoring worse on the
# game score: judged by the proxy, the boat that never finishes looks best. That is the outer
# alignment problem in miniature.
#
# The sweep adds an honest caveat. Above a bonus of about 12 a perfect maximizer of the score
# finishes, but most learners keep farming even at 40. Once a learner has found the lagoon it
# rarely wanders far enough, with 10% random moves, to learn how much the finish is worth. So
# part of what looks like reward hacking in trained agents can be an exploration failure: to
# tell the two apart, compare the learned behaviour with what the reward actually makes best.

# %%
i_max = len(SWEEP_BONUSES) - 1
print(f"exact_flip_bonus={flip_bonus:.3f}")
print(f"exact_proxy_finish_rate={sweep_exact[SWEEP_BONUSES.index(FINISH_BONUS)]:.3f}")
print(f"exact_ablation_finish_rate={exact_finish_rate(FINISH_BONUS, 0.0):.3f}")
print(f"exact_intended_finish_rate={exact_finish_rate(FINISH_BONUS, kind='intended'):.3f}")
print(f"proxy_finish_rate={main['finish'].mean():.3f}")
print(f"proxy_hits_per_episode={main['hits'].mean():.3f}")
print(f"proxy_value_fraction_of_optimal={learned_value.mean() / optimal_score_value:.3f}")
print(f"ablation_finish_rate={ablation['finish'].mean():.3f}")
print(f"ablation_hits_per_episode={ablation['hits'].mean():.3f}")
print(f"fixed_finish_rate={fixed['finish'].mean():.3f}")
print(f"proxy_score_of_proxy_agents={main['score'].mean():.3f}")
print(f"proxy_score_of_fixed_agents={fixed_on_score['score'].mean():.3f}")
print(f"max_bonus={SWEEP_BONUSES[i_max]:.3f}")
print(f"exact_finish_rate_at_max_bonus={sweep_exact[i_max]:.3f}")
print(f"learner_finish_rate_at_max_bonus={sweep_learned[i_max]:.3f}")
