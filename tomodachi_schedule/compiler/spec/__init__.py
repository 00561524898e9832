"""The schedule language: spec text -> AST -> validated AST -> runtime schedule objects; explain."""
