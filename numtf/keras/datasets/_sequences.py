"""The word-index processing imdb and reuters share (tf-keras's conventions): shift the indices
by `index_from` (and prepend `start_char`), drop sequences of `maxlen` words or more, and replace
(or drop) the words outside [skip_top, num_words) with `oov_char`."""


def shift(seqs, start_char, index_from):
    """Adds `index_from` to every word index and puts `start_char` in front (when not None)."""
    if start_char is not None:
        return [[start_char] + [w + index_from for w in s] for s in seqs]
    # (tf-keras leaves index_from=0 sequences as arrays; lists here, so that they concatenate)
    return [[w + index_from for w in s] for s in seqs]


def remove_long(maxlen, seqs, labels):
    """The sequences shorter than `maxlen` and their labels."""
    kept = [(s, y) for s, y in zip(seqs, labels) if len(s) < maxlen]
    return [s for s, _ in kept], [y for _, y in kept]


def limit_words(seqs, num_words, skip_top, oov_char):
    """Words outside [skip_top, num_words) become `oov_char`, or are dropped when it is None."""
    if not num_words:
        num_words = max(max(s) for s in seqs)
    if oov_char is not None:
        return [[w if skip_top <= w < num_words else oov_char for w in s] for s in seqs]
    return [[w for w in s if skip_top <= w < num_words] for s in seqs]


def check_kwargs(kwargs, num_words, period):
    """tf-keras's old `nb_words` alias (warned), and a TypeError for anything else."""
    if "nb_words" in kwargs:
        import warnings
        warnings.warn("The `nb_words` argument in `load_data` has been renamed `num_words`.", stacklevel=3)
        num_words = kwargs.pop("nb_words")
    if kwargs:
        raise TypeError(f"Unrecognized keyword arguments: {str(kwargs)}{'.' if period else ''}")
    return num_words
