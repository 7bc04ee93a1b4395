"""After the documents: the CDG signs its fields over a whole session (`signer`), and tracks every field (`suivi`)."""
