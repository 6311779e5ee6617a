"""The second layer of the risk detector: a linear model that adds a hit when no rule fired.

Two logistic regressions over the same sparse binary features (rehearse.risk.features), L2-normalised per
sentence: risk vs not (class-balanced), and the category of a risk sentence. Both are trained
deterministically at first use from data/model_training.yaml (about a second), so the repository holds no
binary model. A message is scored sentence by sentence; the best sentence decides. The reported span is
the window of up to `explain_window` tokens that contributes most to the risk score.
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Callable, Dict, List, Optional, Sequence, Tuple

import numpy as np
from scipy.sparse import csr_matrix
from sklearn.linear_model import LogisticRegression
from spacy.tokens import Doc, Token

from rehearse.risk.features import FeatureMap, Featuriser
from rehearse.risk.schema import ModelConfig, TrainingSet

Sentence = Sequence[Token]
_Scored = Tuple[float, Sentence, List[int], List[Tuple[int, ...]]]
"""Risk score, the sentence, its known feature columns and each column's source tokens."""


@dataclass(frozen=True)
class ModelHit:
    category: str
    probability: float
    start: int
    end: int
    """Token indices [start, end) into the doc of the most influential window."""


def sentences_of(doc: Doc, sentence_numbers: Sequence[int]) -> List[List[Token]]:
    """The non-space tokens of each sentence, given each token's sentence number."""
    sentences: Dict[int, List[Token]] = {}
    for token, number in zip(doc, sentence_numbers):
        if not token.is_space:
            sentences.setdefault(number, []).append(token)
    return list(sentences.values())


class RiskModel:
    def __init__(
        self,
        featuriser: Featuriser,
        vocabulary: Dict[str, int],
        risk: LogisticRegression,
        category: LogisticRegression,
        config: ModelConfig,
    ) -> None:
        self._featuriser = featuriser
        self._vocabulary = vocabulary
        self._risk_weights = risk.coef_[0].copy()
        self._risk_bias = float(risk.intercept_[0])
        self._category_weights = category.coef_.T.copy()  # features x categories
        self._category_bias = category.intercept_.copy()
        self._categories = [str(name) for name in category.classes_]
        self._threshold = config.threshold
        self._window = config.explain_window

    @property
    def threshold(self) -> float:
        return self._threshold

    def _known(self, features: FeatureMap) -> Tuple[List[int], List[Tuple[int, ...]]]:
        columns, sources = [], []
        for name, tokens in features.items():
            column = self._vocabulary.get(name)
            if column is not None:
                columns.append(column)
                sources.append(tokens)
        return columns, sources

    def _risk_score(self, columns: List[int]) -> float:
        if not columns:
            return self._risk_bias
        return float(self._risk_weights[columns].sum()) / math.sqrt(len(columns)) + self._risk_bias

    def _best_sentence(self, sentences: Sequence[Sentence]) -> Optional[_Scored]:
        best: Optional[_Scored] = None
        for sentence in sentences:
            columns, sources = self._known(self._featuriser.features(sentence))
            score = self._risk_score(columns)
            if best is None or score > best[0]:
                best = (score, sentence, columns, sources)
        return best

    def probability(self, sentences: Sequence[Sentence]) -> float:
        """The risk probability of the highest-scoring sentence (0 when there is none)."""
        best = self._best_sentence(sentences)
        return 0.0 if best is None else _sigmoid(best[0])

    def predict(self, sentences: Sequence[Sentence]) -> Optional[ModelHit]:
        """A hit for the highest-scoring sentence when its probability reaches the threshold, else None."""
        best = self._best_sentence(sentences)
        if best is None or not best[2] or _sigmoid(best[0]) < self._threshold:
            return None
        score, sentence, columns, sources = best
        scale = 1 / math.sqrt(len(columns))
        category_scores = self._category_weights[columns].sum(axis=0) * scale + self._category_bias
        first, last = self._explain(len(sentence), self._risk_weights[columns] * scale, sources)
        return ModelHit(
            self._categories[int(np.argmax(category_scores))], _sigmoid(score), sentence[first].i, sentence[last].i + 1
        )

    def _explain(self, length: int, contributions: np.ndarray, sources: List[Tuple[int, ...]]) -> Tuple[int, int]:
        """First and last token (inclusive) of the window with the largest summed contribution."""
        per_token = np.zeros(length)
        for contribution, tokens in zip(contributions, sources):
            for index in tokens:
                per_token[index] += contribution / len(tokens)
        best = (-math.inf, 0, 0)
        for first in range(length):
            total = 0.0
            for last in range(first, min(length, first + self._window)):
                total += per_token[last]
                if total > best[0]:
                    best = (total, first, last)
        return best[1], best[2]


def _sigmoid(score: float) -> float:
    return 1 / (1 + math.exp(-max(-50.0, min(50.0, score))))


def train_model(
    training: TrainingSet,
    config: ModelConfig,
    featuriser: Featuriser,
    sentence_tokens: Callable[[str], Sentence],
) -> RiskModel:
    """Fit both regressions on the training phrases. Deterministic: same data and config, same model."""
    rows: List[FeatureMap] = []
    is_risk: List[int] = []
    categories: List[str] = []
    for category, phrases in training.risk.items():
        for phrase in phrases:
            rows.append(featuriser.features(sentence_tokens(phrase)))
            is_risk.append(1)
            categories.append(category)
    for phrases in training.safe.values():
        for phrase in phrases:
            rows.append(featuriser.features(sentence_tokens(phrase)))
            is_risk.append(0)
    vocabulary = {name: column for column, name in enumerate(sorted({name for row in rows for name in row}))}
    matrix = _matrix(rows, vocabulary)
    risk = LogisticRegression(
        C=config.regularisation, class_weight="balanced", solver="liblinear", random_state=config.random_state
    ).fit(matrix, np.array(is_risk))
    # One-vs-rest with liblinear: a multinomial lbfgs fit takes seconds here, this takes a fraction of one.
    category = LogisticRegression(
        C=config.regularisation, solver="liblinear", random_state=config.random_state
    ).fit(matrix[: len(categories)], np.array(categories))  # the risk phrases are the first rows
    return RiskModel(featuriser, vocabulary, risk, category, config)


def _matrix(rows: List[FeatureMap], vocabulary: Dict[str, int]) -> csr_matrix:
    indptr, indices, values = [0], [], []
    for row in rows:
        columns = sorted(vocabulary[name] for name in row)
        indices.extend(columns)
        values.extend([1 / math.sqrt(len(columns))] * len(columns))
        indptr.append(len(indices))
    return csr_matrix((values, indices, indptr), shape=(len(rows), len(vocabulary)))
