"""lark's LALR parsers made cheap to start and to run: kept on disk whole (parser_cache), lexers
that scan terminal by terminal from the next character (lark_scanner, first_chars), trees turned
into nodes without lark's visitor machinery (quick_transformer)."""
