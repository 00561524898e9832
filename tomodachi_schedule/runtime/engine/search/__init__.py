"""Next-fire search strategies: the fast path, the general search, and the walks they use."""
