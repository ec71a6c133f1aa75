"""Realistic French people for the lookup benchmark: common surnames repeat a lot, with accents, hyphens,
apostrophes and particles, over a long tail of rarer names. Deterministic for a given seed."""

import itertools
import random
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from portal.core.text import fold


def _names(text):
    return [name.strip() for name in text.split(",") if name.strip()]


# The most frequent French surnames, most frequent first (INSEE-like order); weights follow a Zipf law.
COMMON_SURNAMES = _names(
    """
    Martin, Bernard, Thomas, Petit, Robert, Richard, Durand, Dubois, Moreau, Laurent, Simon, Michel, Lefèvre,
    Leroy, Roux, David, Bertrand, Morel, Fournier, Girard, Bonnet, Dupont, Lambert, Fontaine, Rousseau,
    Vincent, Muller, Lefebvre, Faure, André, Mercier, Blanc, Guérin, Boyer, Garnier, Chevalier, François,
    Legrand, Gauthier, Garcia, Perrin, Robin, Clément, Morin, Nicolas, Henry, Roussel, Mathieu, Gautier,
    Masson, Marchand, Duval, Denis, Dumont, Marie, Lemaire, Noël, Meyer, Dufour, Meunier, Brun, Blanchard,
    Giraud, Joly, Rivière, Lucas, Brunet, Gaillard, Barbier, Arnaud, Martinez, Gérard, Roche, Renard, Schmitt,
    Roy, Leroux, Colin, Vidal, Caron, Picard, Roger, Fabre, Aubert, Lemoine, Renaud, Dumas, Lacroix, Olivier,
    Philippe, Bourgeois, Pierre, Benoît, Rey, Leclerc, Payet, Rolland, Leclercq, Guillaume, Lecomte, Lopez,
    Jean, Dupuy, Guillot, Hubert, Berger, Carpentier, Sanchez, Dupuis, Moulin, Louis, Deschamps, Huet, Vasseur,
    Perez, Boucher, Fleury, Royer, Klein, Jacquet, Adam, Paris, Poirier, Marty, Aubry, Guyot, Carré, Charles,
    Renault, Charpentier, Ménard, Maillard, Baron, Bertin, Bailly, Hervé, Schneider, Fernandez, Le Gall,
    Collet, Léger, Bouvier, Julien, Prévost, Millet, Perrot, Daniel, Le Roux, Cousin, Germain, Breton, Besson,
    Langlois, Rémy, Le Goff, Pelletier, Lévêque, Perrier, Leblanc, Barré, Lebrun, Marchal, Weber, Mallet,
    Hamon, Boulanger, Jacob, Monnier, Michaud, Rodriguez, Guichard, Gillet, Étienne, Grondin, Poulain, Tessier,
    Chevallier, Collin, Chauvin, Da Silva, Bouchet, Gay, Lemaître, Bénard, Maréchal, Humbert, Reynaud, Antoine,
    Hoarau, Perret, Barthélemy, Cordier, Pichon, Lejeune, Gilbert, Lamy, Delaunay, Pasquier, Carlier, Laporte,
    N'Diaye, D'Almeida, Dos Santos, De La Fontaine, Le Hénaff, L'Hôte, Bérenger, Ducrocq, Évrard, Ôtant,
    Kervella, Nguyen, Traoré
"""
)

COMPOUND_SURNAMES = [
    "Le Gall",
    "Le Roux",
    "Le Goff",
    "Da Silva",
    "Dos Santos",
    "De La Fontaine",
    "Le Hénaff",
    "Dupont-Léger",
    "Martin-Lavigne",
    "Bernard-Dubois",
    "Saint-Martin",
    "Boyer-Chammard",
]

FIRST_NAMES = _names(
    """
    Marie, Jean, Pierre, Michel, André, Philippe, Nathalie, Isabelle, Sylvie, Catherine, Françoise, Alain,
    Jacques, Bernard, Christine, Christophe, Nicolas, Stéphane, Patrick, Sandrine, Valérie, Céline, Julien,
    Laurent, Frédéric, Véronique, David, Éric, Sébastien, Thomas, Camille, Léa, Hugo, Chloé, Lucas, Manon,
    Louis, Inès, Gabriel, Jade, Raphaël, Zoé, Arthur, Élodie, Jules, Sarah, Adam, Hélène, Théo, Anaïs, Noé,
    Mélanie, Paul, Emma, Léo, Louise, Alice, Juliette, Maël, Lina, Rose, Anna, Mila, Ambre, Agathe, Nathan,
    Clément, Mathilde, Pauline, Aurélie, Émilie, Delphine, Laetitia, Cécile, Olivier, Thierry, Didier, Gérard,
    Bruno, Pascal, Vincent, Antoine, Maxime, Guillaume, Romain, Benoît, Jérôme, Grégoire, Josiane, Geneviève,
    Brigitte, Monique, Danièle, Agnès, Gaëlle, Maëlys, Noémie, Océane, Clémence, Solène, Héloïse, Anaëlle,
    Joël, Loïc, Gaël, Yannick, Ophélie, Bérénice, Aïcha, Fatoumata, Mamadou, Youssef, Mohamed, Karim, Nadia,
    Samira, Thi, Minh
"""
) + [
    "Jean-Pierre",
    "Jean-Luc",
    "Marie-Claire",
    "Anne-Sophie",
    "Marie-Hélène",
    "Jean-François",
    "Pierre-Yves",
    "Marie-Noëlle",
]

ACADEMIES = [
    "ac-paris.fr",
    "ac-versailles.fr",
    "ac-creteil.fr",
    "ac-lyon.fr",
    "ac-grenoble.fr",
    "ac-aix-marseille.fr",
    "ac-nice.fr",
    "ac-lille.fr",
    "ac-nantes.fr",
    "ac-rennes.fr",
    "ac-bordeaux.fr",
    "ac-toulouse.fr",
    "ac-montpellier.fr",
    "ac-strasbourg.fr",
    "ac-reunion.fr",
    "education.gouv.fr",
]

_ONSETS = ["b", "br", "c", "ch", "d", "f", "g", "gr", "j", "l", "m", "n", "p", "r", "s", "t", "tr", "v", "qu", "k"]
_VOWELS = ["a", "e", "i", "o", "ou", "au", "é", "è", "ai", "eu", "an", "in", "on"]
_CODAS = ["", "", "t", "l", "r", "n", "s", "x", "d", "rd", "lle", "tte", "ssier", "ron", "let", "vin"]


def _weighted(names, exponent):
    weights = [1 / (rank**exponent) for rank in range(1, len(names) + 1)]
    return names, list(itertools.accumulate(weights))


def _rare_surname(rng):
    """A plausible rare surname (the long tail: France has more than a million distinct surnames)."""
    syllables = rng.choice((2, 2, 3))
    name = "".join(rng.choice(_ONSETS) + rng.choice(_VOWELS) for _ in range(syllables)) + rng.choice(_CODAS)
    return name.capitalize()


def people(count, seed=42, common_share=0.4):
    """Yield ``(username, first_name, last_name, email)`` for ``count`` distinct people."""
    rng = random.Random(seed)
    surnames, surname_cum = _weighted(COMMON_SURNAMES, 0.6)
    firsts, first_cum = _weighted(FIRST_NAMES, 0.7)
    taken = {}
    for _ in range(count):
        roll = rng.random()
        if roll < common_share:
            last = rng.choices(surnames, cum_weights=surname_cum)[0]
        elif roll < common_share + 0.02:
            last = rng.choice(COMPOUND_SURNAMES)
        else:
            last = _rare_surname(rng)
        first = rng.choices(firsts, cum_weights=first_cum)[0]
        base = f"{fold(first)}.{fold(last)}".replace(" ", "-").replace("'", "")
        number = taken.get(base, 0) + 1
        taken[base] = number
        username = base if number == 1 else f"{base}{number}"
        yield username, first, last, f"{username}@{rng.choice(ACADEMIES)}"
