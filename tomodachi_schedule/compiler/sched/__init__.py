"""The `.sched` language: file -> AST -> validated -> lowered -> generated Python (codegen, layout)."""
