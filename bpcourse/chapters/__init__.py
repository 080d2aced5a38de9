"""What the chapters stand on: the lectures' networks and data, experiments too long for a page,
and the chapters' figures. The lesson itself (every gradient a chapter teaches) is computed in
the chapter's own cells; nothing here re-implements it, and what needs a gradient asks the
engines (``bpcourse.vectorized``, ``autodiff``, ``train``).

By role (chapter numbers in brackets):

- the lectures' networks and data: ``lectures`` (lecture 004's regularized graph, lecture 002's
  two-neuron chain [6, 11]), ``worked_examples`` (the lectures' networks with the book's
  numbers [7, 8, 11]), ``features`` (lecture 001's sign-feature lines and the diamond data [2, 3]),
  ``constructions`` (networks built by hand: parity, bumps [4]), ``neuron`` (chapter 5's data)
- experiments too long for a page (sweeps, recordings, timings): ``features`` (the width sweep
  and line search [2, 3]), ``constructions`` (bump fits [4]), ``neuron`` (the cost surface and
  descent paths for the widget [5]), ``gradient_cost`` (finite differences against backprop,
  timed [8]), ``snapshots`` (training recorded epoch by epoch [9, 10]), ``weight_symmetry``
  (how far a layer's units are apart [10]), ``autodiff_tour``, ``forward_mode``, ``vjp`` (the
  engine's node table, the timing of each mode, backward closures against Jacobians [11]),
  ``optimizers`` (paths on a valley [12]), ``initialization``, ``validation`` (deep networks
  measured layer by layer; validation curves and early stopping [13])
- figures: each module's ``plot_*`` functions (``recurrence.plot_unrolled`` [15] is only that)
"""
