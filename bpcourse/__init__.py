"""bpcourse: the code of the backpropagation course.

- ``MLP``: the network (sizes, weights, biases, batched forward pass)
- ``activations``, ``losses``: the functions, by name
- ``scalar``: backprop unit by unit (the lectures' index formulas)
- ``vectorized``: backprop as matrix products over a batch (the delta recursion)
- ``autodiff``: a small reverse-mode engine over numpy arrays
- ``gradcheck``: central finite differences and relative errors
- ``train``: gradient descent and minibatch SGD, with momentum, Nesterov, RMSprop or Adam
- ``layers``: dropout, batch norm, convolution, max pooling and a tanh RNN, forward and backward
"""
from . import activations, autodiff, gradcheck, layers, losses, scalar, train, vectorized
from .mlp import MLP, Params

__all__ = ["MLP", "Params", "activations", "autodiff", "gradcheck", "layers", "losses", "scalar",
           "train", "vectorized"]
__version__ = "0.1.0"
