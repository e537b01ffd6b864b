"""Source articles: Markdown with front matter, parsed into an immutable model."""

from pipeline.article.model import (
    Article,
    Block,
    Code,
    Heading,
    Image,
    ListBlock,
    ListItem,
    Meta,
    Paragraph,
    Quote,
    RawHtml,
    Rule,
    Section,
    Table,
    Text,
)
from pipeline.article.parse import load_article, parse_article

__all__ = [
    "Article",
    "Block",
    "Code",
    "Heading",
    "Image",
    "ListBlock",
    "ListItem",
    "Meta",
    "Paragraph",
    "Quote",
    "RawHtml",
    "Rule",
    "Section",
    "Table",
    "Text",
    "load_article",
    "parse_article",
]
