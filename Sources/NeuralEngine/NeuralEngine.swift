// NeuralEngine: see README.md in this folder.
