// DeepInpaint: see README.md in this folder.
