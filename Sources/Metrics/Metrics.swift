// Metrics: see README.md in this folder.
