"""Pools for the open answers written for the reconstruction (not quoted in the
publication). Answers are assembled from these pieces by reconstruct.py; they
are invented, short and plausible, in French, and carry no personal data."""

# Q5 answers that refer to telework (each must match the `teletravail` theme).
Q5_TELEWORK_OPENERS = [
    "Passage en télétravail", "Mise en place du télétravail", "Télétravail",
    "Découverte du télétravail", "Généralisation du télétravail", "Recours au télétravail",
    "Organisation en télétravail", "Télé-travail", "Teletravail", "Beaucoup de télétravail",
]
Q5_TELEWORK_WHEN = [
    "à 100 % pendant le premier confinement", "deux jours par semaine", "un jour sur deux",
    "en alternance avec le présentiel", "pendant les deux confinements", "depuis le mois de mars",
    "une partie de la semaine", "pour toute l'équipe", "pour une partie de l'équipe",
    "pendant huit semaines", "pendant le confinement", "trois jours par semaine",
]
Q5_TELEWORK_DETAILS = [
    "avec des réunions d'équipe sur Teams.", "et réunions sur Zoom.",
    "et plus de mails et de SMS avec les familles.", "avec le téléphone comme outil principal.",
    "avec un ordinateur portable fourni par le service.", "avec mon matériel personnel.",
    "et WhatsApp pour garder le contact avec les jeunes.", "ce qui ne s'était jamais fait auparavant.",
    "et entretiens téléphoniques avec les personnes.", "avec un accès à distance au logiciel métier.",
    "et beaucoup plus de visioconférences.", "et échanges de documents par mail.",
    "sans véritable préparation.", "avec une connexion pas toujours fiable.",
]
Q5_TELEWORK_ENDINGS = [
    "", "", "", " Difficile de séparer vie pro et vie perso.", " Une vraie nouveauté pour le service.",
    " Cela a demandé un temps d'adaptation.", " L'équipe s'y est habituée.",
    " Les journées sont plus longues.", " Plus de souplesse dans l'organisation.",
    " Le lien avec les collègues en a souffert.", " Nous continuons depuis un jour par semaine.",
]

# Q5 answers of respondents whose activity evolved, without reference to telework.
Q5_EVOLVED_MAIN = [
    "Utilisation de la visioconférence pour les réunions d'équipe.",
    "Réunions en visio avec les partenaires.",
    "Entretiens en visio avec certaines familles.",
    "Beaucoup plus de mails et de SMS avec les personnes accompagnées.",
    "Plus de démarches en ligne pour les usagers (CAF, Pôle emploi, Ameli).",
    "Dotation d'un téléphone portable professionnel.",
    "Achat d'ordinateurs portables pour l'équipe.",
    "Création d'un groupe WhatsApp avec les jeunes accueillis.",
    "Participation à des webinaires et formations en ligne.",
    "Mise en place d'un dossier usager informatisé.",
    "Usage accru du téléphone et de la messagerie.",
    "Les rendez-vous se prennent désormais par SMS.",
    "Davantage d'accompagnement aux démarches dématérialisées.",
    "Suivi des jeunes par messagerie instantanée.",
    "Envoi des documents scannés par mail plutôt qu'en main propre.",
    "Aide aux familles pour l'école à la maison (ENT, Pronote).",
    "Plus d'échanges par courriel avec les partenaires.",
    "Création de comptes en ligne pour les personnes accompagnées.",
    "Passage aux signatures électroniques et aux documents partagés.",
    "Ateliers collectifs maintenus en visio.",
]
Q5_EVOLVED_SECOND = [
    "", "", "Cela prend beaucoup de temps.", "C'est plus rapide qu'avant.",
    "Les personnes n'ont pas toujours l'équipement nécessaire.",
    "Le service n'était pas préparé.", "Nous avons dû apprendre vite.",
    "Certaines familles ont décroché.", "C'est devenu une habitude.",
    "Le contact direct manque.", "Les partenaires ont suivi le mouvement.",
    "Il a fallu s'adapter en quelques jours.", "Plus de réactivité dans les réponses.",
]

# Q5 answers of respondents whose activity did not evolve (Q4 = Non).
Q5_NOT_EVOLVED = [
    "Pas d'évolution notable.", "Elle n'a pas vraiment évolué.",
    "Peu de changement, les outils étaient déjà en place avant la crise.",
    "Pas de changement dans mon activité numérique.",
    "Aucune évolution, le service est resté ouvert au public.",
    "Pas d'évolution, j'utilisais déjà beaucoup le mail.",
    "Rien de particulier.", "Elle est restée la même.",
    "Pas vraiment, notre activité est restée en présentiel.",
    "Non, nous étions déjà bien équipés.",
]
Q5_NOT_EVOLVED_SECOND = [
    "", "", "", "Nos pratiques étaient déjà numériques.", "Le public accueilli ne s'y prête pas.",
    "L'établissement est resté ouvert.", "Nous avons continué comme avant.",
    "Mon poste ne s'y prête pas vraiment.", "Les échanges se font toujours en face à face.",
    "Le téléphone reste l'outil principal.", "Peut-être un peu plus de mails.",
    "Les personnes accueillies ne sont pas équipées.", "La crise n'a rien changé de ce côté.",
]

# Q11: how / with whom skills were acquired, by answer to Q10.
Q11_BY_Q10 = {
    "1": [  # Autoformation
        "Seul, avec des tutoriels sur internet.", "Avec l'aide de collègues.",
        "Grâce à mes enfants.", "En famille et entre collègues.",
        "Par curiosité personnelle, en testant.", "Avec des vidéos en ligne.",
        "Avec mon conjoint, plus à l'aise que moi.", "Sur le tas, au fil des besoins.",
        "Avec des amis.", "Par la pratique personnelle à la maison.",
        "Avec le collègue le plus à l'aise du service.", "En cherchant sur des forums.",
    ],
    "2": [  # Formation continue
        "Formation proposée par mon employeur.", "Via le plan de formation de l'association.",
        "Formation interne sur le logiciel métier.", "Webinaires et formations courtes.",
        "Formation bureautique organisée par le département.", "Modules en ligne de l'OPCO.",
    ],
    "3": [  # Formation initiale
        "Pendant ma formation d'éducateur.", "Pendant mes études.",
        "Pendant ma formation initiale en IRTS.", "Cours d'informatique pendant le diplôme.",
        "Au lycée puis pendant la formation d'assistante sociale.",
    ],
    "4": [  # Autre
        "Expérience professionnelle antérieure dans l'informatique.",
        "Service civique en médiation numérique.", "Un ancien poste dans l'administration.",
        "Bénévolat dans une association de médiation numérique.",
    ],
}
Q11_SECOND = [
    "", "", "", "Complété par l'aide de collègues.", "Et beaucoup de pratique au quotidien.",
    "Un peu sur le tas.", "Avec le soutien du référent informatique.",
    "Et des recherches personnelles.", "Mais il me manque des bases.",
]
Q11_TOPIC = [
    "", "", "", "Surtout pour la bureautique.", "Notamment pour la visio.",
    "Pour les logiciels métier.", "Pour les démarches en ligne.",
    "Pour les tableurs et les statistiques.", "Pour les outils de messagerie.",
]

# Q13: hopes and fears.
Q13_FEARS = [
    "Je crains une déshumanisation de l'accompagnement.",
    "Ma crainte : la perte du contact humain avec les personnes.",
    "Peur que les usagers les plus fragiles soient laissés de côté.",
    "Inquiétude sur la sécurité des données des personnes accompagnées.",
    "Crainte que le numérique remplace les rencontres physiques.",
    "J'ai peur d'une fracture numérique qui s'aggrave.",
    "Crainte de devenir un guichet administratif.",
    "Le risque est de perdre le sens de notre métier.",
    "Peur du contrôle et du fichage des usagers.",
    "La dématérialisation exclut ceux qui n'ont pas d'équipement.",
    "Crainte d'une charge de travail administratif toujours plus lourde.",
    "J'ai peur que l'on oublie les personnes qui ne savent pas lire.",
]
Q13_HOPES = [
    "J'espère que le numérique nous fera gagner du temps sur l'administratif.",
    "Espoir de meilleurs outils adaptés au travail social.",
    "J'espère des formations pour les professionnels et pour les publics.",
    "Espoir d'un partage d'informations plus simple entre partenaires.",
    "Que les employeurs nous équipent correctement.",
    "J'espère que la visio restera un complément utile.",
    "Que l'on garde le numérique comme un outil et non comme une fin.",
    "Espoir d'une meilleure coordination avec les partenaires.",
    "J'espère plus d'autonomie pour les personnes accompagnées.",
    "Que les lieux de médiation numérique se développent.",
]
Q13_CLOSERS = [
    "", "", "", " Il faudra rester vigilants.", " Tout dépendra des moyens.",
    " C'est un outil, pas une solution.", " Le numérique doit rester au service de la relation.",
    " Rien ne remplace une rencontre.", " Il faut en débattre en équipe.",
]
