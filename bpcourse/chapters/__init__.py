"""Chapter helpers: the code one chapter needs beyond the engines, one module per topic.

- ``features`` (ch. 2-3): sign features, hand-chosen lines, the width experiment
- ``constructions`` (ch. 3-4): threshold XOR, truth-table and parity networks, bumps
- ``neuron`` (ch. 5): one sigmoid neuron, its cost surface and gradient descent on it
- ``chainrule`` (ch. 6): the chain-rule examples and the regularized graph
- ``worked_examples`` (ch. 7): the lectures' networks with chosen numbers
- ``gradient_cost`` (ch. 8): finite differences vs backprop, timed against P
- ``snapshots`` (ch. 9): a network recorded while it trains (boundaries, hidden features)
- ``weight_symmetry`` (ch. 10): symmetric and random starts, recorded
- ``autodiff_tour`` (ch. 11): the reverse-mode engine read step by step
- ``vjp``, ``forward_mode`` (ch. 11): backward closures as vector-Jacobian products; a small
  forward-mode engine and the cost of each mode
- ``optimizers`` (ch. 12): gradient descent, momentum and Adam on one valley
- ``initialization``, ``validation`` (ch. 13): signal and gradient size through depth under
  each start; validation curves and early stopping

They build on the engines (``bpcourse.mlp``, ``vectorized``, ...) and never re-implement them.
"""
