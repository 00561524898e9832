"""Spec text to AST: the quick readers for common shapes, lark for the rest, and the transformers."""
