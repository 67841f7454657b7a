"""The language server for spec files (``liclogic lsp``, pygls over stdio): documents
(parse and check an open spec), completion, hover and definition; server wires them to the
protocol. It may import the language and the queries, never the command line."""
