"""The handbook's deep Q-learning on CartPole: a 3-layer Q-network, epsilon-greedy exploration, an
experience replay buffer, and one Adam step on a sampled batch after every move.

    python -m numtf.examples.dqn [--episodes 500] [--exploration 100]

The handbook plays OpenAI Gym's `CartPole-v1` through Gym's old API (`reset()` returns the state,
`step()` four values). When `gym` is not installed (numtf needs only NumPy), `CartPole` below plays
the same game: the cart-pole dynamics of Barto, Sutton and Anderson (1983) as Gym documents them
(Euler steps of 0.02 s, force 10 N, the episode ends when the pole leans over 12 degrees, the cart
leaves [-2.4, 2.4] or 500 steps pass; reward 1 per step).
"""
import argparse
import math
import random
from collections import deque

import numpy as np

import numtf as tf


class CartPole:
    """CartPole-v1 with Gym's old interface: reset() -> state; step(a) -> (state, reward, done, info)."""

    gravity, cart_mass, pole_mass, half_length, force, tau = 9.8, 1.0, 0.1, 0.5, 10.0, 0.02
    angle_limit, x_limit, max_steps = 12 * 2 * math.pi / 360, 2.4, 500

    class _Actions:
        n = 2

        def sample(self):
            return random.randrange(2)

    def __init__(self, seed=None):
        self.rng = np.random.default_rng(seed)
        self.action_space = self._Actions()
        self.state, self.steps = None, 0

    def reset(self):
        self.state, self.steps = self.rng.uniform(-0.05, 0.05, 4), 0
        return self.state.astype(np.float32)

    def render(self):
        pass

    def step(self, action):
        x, x_dot, theta, theta_dot = self.state
        force = self.force if action == 1 else -self.force
        total_mass = self.cart_mass + self.pole_mass
        pole_moment = self.pole_mass * self.half_length
        cos, sin = math.cos(theta), math.sin(theta)
        temp = (force + pole_moment * theta_dot ** 2 * sin) / total_mass
        theta_acc = (self.gravity * sin - cos * temp) / (
            self.half_length * (4.0 / 3.0 - self.pole_mass * cos ** 2 / total_mass))
        x_acc = temp - pole_moment * theta_acc * cos / total_mass
        x, x_dot = x + self.tau * x_dot, x_dot + self.tau * x_acc
        theta, theta_dot = theta + self.tau * theta_dot, theta_dot + self.tau * theta_acc
        self.state = np.array([x, x_dot, theta, theta_dot])
        self.steps += 1
        done = (abs(x) > self.x_limit or abs(theta) > self.angle_limit or self.steps >= self.max_steps)
        return self.state.astype(np.float32), 1.0, bool(done), {}


def make_env(seed=None):
    """Gym's CartPole-v1 if gym (with its old API) is installed, else `CartPole`."""
    try:
        import gym
    except ImportError:
        return CartPole(seed)
    return gym.make('CartPole-v1')


class QNetwork(tf.keras.Model):
    def __init__(self):
        super().__init__()
        self.dense1 = tf.keras.layers.Dense(units=24, activation=tf.nn.relu)
        self.dense2 = tf.keras.layers.Dense(units=24, activation=tf.nn.relu)
        self.dense3 = tf.keras.layers.Dense(units=2)

    def call(self, inputs):
        x = self.dense1(inputs)
        x = self.dense2(x)
        x = self.dense3(x)
        return x

    def predict(self, inputs):
        q_values = self(inputs)
        return tf.argmax(q_values, axis=-1)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--episodes", type=int, default=500)
    parser.add_argument("--exploration", type=int, default=100, help="episodes over which epsilon falls")
    parser.add_argument("--max-len", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=None)
    args = parser.parse_args(argv)
    num_episodes, num_exploration_episodes, max_len_episode = args.episodes, args.exploration, args.max_len
    batch_size = 32
    learning_rate = 1e-3
    gamma = 1.
    initial_epsilon = 1.
    final_epsilon = 0.01
    if args.seed is not None:
        random.seed(args.seed)
        np.random.seed(args.seed)
        tf.random.set_seed(args.seed)

    env = make_env(args.seed)
    model = QNetwork()
    optimizer = tf.keras.optimizers.Adam(learning_rate=learning_rate)
    replay_buffer = deque(maxlen=10000)
    epsilon = initial_epsilon
    scores = []
    for episode_id in range(num_episodes):
        state = env.reset()
        epsilon = max(
            initial_epsilon * (num_exploration_episodes - episode_id) / num_exploration_episodes,
            final_epsilon)
        for t in range(max_len_episode):
            env.render()
            if random.random() < epsilon:
                action = env.action_space.sample()
            else:
                action = model.predict(np.expand_dims(state, axis=0)).numpy()
                action = action[0]
            next_state, reward, done, info = env.step(action)
            reward = -10. if done else reward
            replay_buffer.append((state, action, reward, next_state, 1 if done else 0))
            state = next_state
            if done:
                print("episode %4d, epsilon %.4f, score %4d" % (episode_id, epsilon, t))
                scores.append(t)
                break
            if len(replay_buffer) >= batch_size:
                batch_state, batch_action, batch_reward, batch_next_state, batch_done = \
                    map(np.array, zip(*random.sample(replay_buffer, batch_size)))
                q_value = model(batch_next_state)
                y = batch_reward + (gamma * tf.reduce_max(q_value, axis=1)) * (1 - batch_done)
                with tf.GradientTape() as tape:
                    loss = tf.keras.losses.mean_squared_error(
                        y_true=y,
                        y_pred=tf.reduce_sum(model(batch_state) * tf.one_hot(batch_action, depth=2), axis=1)
                    )
                grads = tape.gradient(loss, model.variables)
                optimizer.apply_gradients(grads_and_vars=zip(grads, model.variables))
    return scores


if __name__ == "__main__":
    main()
