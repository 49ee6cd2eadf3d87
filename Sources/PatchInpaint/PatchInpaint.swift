// PatchInpaint: see README.md in this folder.
