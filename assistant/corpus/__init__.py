"""Loading and validating the corpus: policy documents, micro-abilities, trainer uploads."""

from assistant.corpus.abilities import load_abilities
from assistant.corpus.documents import load_documents, read_text
from assistant.corpus.errors import CorpusError
from assistant.corpus.library import Corpus

__all__ = ["Corpus", "CorpusError", "load_abilities", "load_documents", "read_text"]
