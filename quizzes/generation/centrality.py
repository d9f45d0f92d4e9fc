"""Sentence centrality: TextRank over a sparse sentence-similarity graph.

Similarity is the classic TextRank overlap of content lemmas, normalised by sentence lengths.
Edges are found through an inverted index of lemmas, and lemmas that occur in very many
sentences are left out of the index, so the graph (and the cost) grows linearly with the text
instead of with the square of its number of sentences.
"""

from __future__ import annotations

import math

from .types import Sentence

_MAX_POSTINGS = 40  # a lemma in more sentences than this links nothing (too common to tell)
_MAX_NEIGHBOURS = 30  # per sentence, the strongest edges only
_DAMPING = 0.85
_ITERATIONS = 30


def sentence_centrality(sentences: tuple[Sentence, ...] | list[Sentence]) -> list[float]:
    """Return one TextRank score per sentence, scaled so the best sentence scores 1.0."""
    count = len(sentences)
    if count == 0:
        return []
    postings: dict[str, list[int]] = {}
    lemma_sets = [sorted(set(s.lemmas)) for s in sentences]
    for index, lemmas in enumerate(lemma_sets):
        for lemma in lemmas:
            postings.setdefault(lemma, []).append(index)
    neighbours: list[list[tuple[int, float]]] = [[] for _ in range(count)]
    for index, lemmas in enumerate(lemma_sets):
        shared: dict[int, int] = {}
        for lemma in lemmas:
            posting = postings[lemma]
            if len(posting) > _MAX_POSTINGS:
                continue
            for other in posting:
                if other != index:
                    shared[other] = shared.get(other, 0) + 1
        size = len(lemmas)
        edges = []
        for other, overlap in shared.items():
            norm = math.log(size + 1) + math.log(len(lemma_sets[other]) + 1)
            edges.append((other, overlap / norm))
        edges.sort(key=lambda edge: (-edge[1], edge[0]))
        neighbours[index] = edges[:_MAX_NEIGHBOURS]
    totals = [sum(weight for _, weight in edges) or 1.0 for edges in neighbours]
    scores = [1.0] * count
    for _ in range(_ITERATIONS):
        incoming = [0.0] * count
        for index, edges in enumerate(neighbours):
            share = scores[index] / totals[index]
            for other, weight in edges:
                incoming[other] += share * weight
        scores = [(1 - _DAMPING) + _DAMPING * value for value in incoming]
    best = max(scores) or 1.0
    return [score / best for score in scores]
