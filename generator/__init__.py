"""Generator of the documents of the bilan de parcours professionnel (BPP)."""
