// ImageCore's users get the suite's parallel loops and `Locked` with it: they live in the small Parallelism
// target so that NeuralEngine can use them without linking ImageCore's image libraries (FFTW, libpng,
// libturbojpeg).
@_exported import Parallelism
