"""How a due fire becomes a running handler: groups of one instant, late fires, runs, task start."""
