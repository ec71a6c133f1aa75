"""The texts of the mixed card of ``conftest.mixed_card``, and who may read each (imported by the tests)."""

SECRET_BIOGRAPHY = "Biographie réservée aux collègues"
HIDDEN_URL = "https://github.com/lien-cache"
STAFF_URL = "https://www.linkedin.com/in/helene-robot"
PUBLIC_URL = "https://mastodon.social/@helene"
HIDDEN_EMAIL = "helene.robot@ac-lyon.fr"
