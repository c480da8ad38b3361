"""Demo content for a development site: real films, the people who made them, and essays.

The facts (years, credits, runtimes, aspect ratios, capture formats) are real and were checked;
where we were not sure, the field is left blank rather than guessed, and the same goes for
external ids. The essays are original writing, kept as Markdown in ``demo_essays/``.

:func:`ensure_demo_content` creates whatever is missing and leaves whatever exists alone, like
:func:`accounts.demo.ensure_demo_accounts`: running it again changes nothing, and an editor's
changes to a demo essay survive the next ``load_demo``. Dates are relative to the first run, so
the essays read as recent and one stays scheduled for a week.

The pictures are abstract drawings made here with Pillow (no stills: those belong to their
makers): a work's "still" is a colour study in the shape of its frame, and an essay's hero image
draws the frame of the work it discusses, so the page shows at a glance how wide the film is.
"""

from datetime import timedelta
from fractions import Fraction
from io import BytesIO
from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.utils import timezone
from PIL import Image, ImageDraw

from accounts.demo import ensure_demo_accounts
from reviews.models import Article, Credit, Person, Series, Tag, Work

ESSAYS_DIR = Path(__file__).resolve().parent / "demo_essays"

# A second byline beside the demo editor: a critic who writes but has no admin access.
CRITIC = {"username": "critic", "display_name": "Ruth Adebayo", "email": "critic@example.org"}

D, W, C, E, M, P, A = (
    Credit.Role.DIRECTOR,
    Credit.Role.WRITER,
    Credit.Role.CINEMATOGRAPHER,
    Credit.Role.EDITOR,
    Credit.Role.COMPOSER,
    Credit.Role.PERFORMER,
    Credit.Role.MUSICAL_ARTIST,
)

PEOPLE = [
    {
        "slug": "paul-thomas-anderson",
        "name": "Paul Thomas Anderson",
        "sort_name": "Anderson, Paul Thomas",
        "birth_year": 1970,
        "imdb_id": "nm0000759",
        "letterboxd_slug": "paul-thomas-anderson",
        "bio": (
            "American writer and director, born in Studio City, California. Several of his "
            "films, from *Boogie Nights* (1997) to *Licorice Pizza* (2021), return to the San "
            "Fernando Valley where he grew up. Besides his features he has made a documentary, "
            "*Junun* (2015), and many music videos, among them a long run of films with Haim."
        ),
    },
    {
        "slug": "agnes-varda",
        "name": "Agnès Varda",
        "sort_name": "Varda, Agnès",
        "birth_year": 1928,
        "death_year": 2019,
        "letterboxd_slug": "agnes-varda",
        "bio": (
            "Filmmaker and photographer, born in Brussels and based in Paris. Her first feature, "
            "*La Pointe Courte*, is often counted as a forerunner of the French New Wave. She "
            "moved between fiction and documentary with equal freedom, from *Cléo from 5 to 7* "
            "(1962) and *Vagabond* (1985) to *The Gleaners and I* (2000) and *Faces Places* "
            "(2017)."
        ),
    },
    {
        "slug": "wong-kar-wai",
        "name": "Wong Kar-wai",
        "sort_name": "Wong Kar-wai",
        "birth_year": 1958,
        "letterboxd_slug": "wong-kar-wai",
        "bio": (
            "Hong Kong director and writer, born in Shanghai, who moved to Hong Kong as a child. "
            "He is known for working without a finished script and for long collaborations with "
            "the cinematographer Christopher Doyle and the designer and editor William Chang. "
            "His films include *Chungking Express* (1994) and *In the Mood for Love* (2000)."
        ),
    },
    {
        "slug": "chantal-akerman",
        "name": "Chantal Akerman",
        "sort_name": "Akerman, Chantal",
        "birth_year": 1950,
        "death_year": 2015,
        "letterboxd_slug": "chantal-akerman",
        "bio": (
            "Belgian filmmaker, born in Brussels. She made her first film, the short *Saute ma "
            "ville*, in 1968, and *Jeanne Dielman, 23 quai du Commerce, 1080 Bruxelles* in 1975. "
            "Her work moved between fiction, documentary and installation; *News from Home* "
            "(1977) sets her mother's letters against the streets of New York."
        ),
    },
    {
        "slug": "kelly-reichardt",
        "name": "Kelly Reichardt",
        "sort_name": "Reichardt, Kelly",
        "birth_year": 1964,
        "letterboxd_slug": "kelly-reichardt",
        "bio": (
            "American director, writer and editor, born in Miami. Most of her films are set in "
            "Oregon, and several were written with Jonathan Raymond, among them *Old Joy* "
            "(2006), *Wendy and Lucy* (2008), *Meek's Cutoff* (2010) and *First Cow* (2019)."
        ),
    },
    {
        "slug": "haim",
        "name": "Haim",
        "bio": (
            "Los Angeles band of three sisters, Este, Danielle and Alana Haim. Their albums "
            "include *Days Are Gone* (2013), *Something to Tell You* (2017) and *Women in Music "
            "Pt. III* (2020). Paul Thomas Anderson has directed many of their videos since 2017."
        ),
    },
    {
        "slug": "jonny-greenwood",
        "name": "Jonny Greenwood",
        "sort_name": "Greenwood, Jonny",
        "birth_year": 1971,
        "bio": (
            "English composer and guitarist, a member of Radiohead. His film scores include "
            "*There Will Be Blood* (2007), *Phantom Thread* (2017) and *Licorice Pizza* (2021) "
            "for Paul Thomas Anderson, and *The Power of the Dog* (2021) for Jane Campion."
        ),
    },
    {
        "slug": "robert-elswit",
        "name": "Robert Elswit",
        "sort_name": "Elswit, Robert",
        "bio": (
            "American cinematographer. He shot Paul Thomas Anderson's features from *Hard "
            "Eight* (1996) to *Inherent Vice* (2014), all but *The Master*, and won the Academy "
            "Award for *There Will Be Blood* (2007)."
        ),
    },
    {
        "slug": "dylan-tichenor",
        "name": "Dylan Tichenor",
        "sort_name": "Tichenor, Dylan",
        "bio": "American film editor; he cut *Boogie Nights*, *Magnolia*, *There Will Be Blood* "
        "and *Phantom Thread* for Paul Thomas Anderson.",
    },
    {
        "slug": "jon-brion",
        "name": "Jon Brion",
        "sort_name": "Brion, Jon",
        "bio": "American composer and record producer; he scored *Magnolia* (1999) and "
        "*Punch-Drunk Love* (2002) for Paul Thomas Anderson.",
    },
    {
        "slug": "michael-bauman",
        "name": "Michael Bauman",
        "sort_name": "Bauman, Michael",
        "bio": "Cinematographer; he shares the camera credit on *Licorice Pizza* (2021) with "
        "Paul Thomas Anderson.",
    },
    {
        "slug": "daniel-day-lewis",
        "name": "Daniel Day-Lewis",
        "sort_name": "Day-Lewis, Daniel",
        "birth_year": 1957,
        "bio": (
            "English actor, born in London. Daniel Plainview in *There Will Be Blood* (2007) "
            "brought him the second of his three Academy Awards for Best Actor; he worked with "
            "Paul Thomas Anderson again as Reynolds Woodcock in *Phantom Thread* (2017)."
        ),
    },
    {
        "slug": "paul-dano",
        "name": "Paul Dano",
        "sort_name": "Dano, Paul",
        "birth_year": 1984,
        "bio": "American actor; in *There Will Be Blood* he plays the brothers Paul and Eli "
        "Sunday.",
    },
    {"slug": "vicky-krieps", "name": "Vicky Krieps", "sort_name": "Krieps, Vicky"},
    {"slug": "lesley-manville", "name": "Lesley Manville", "sort_name": "Manville, Lesley"},
    {
        "slug": "alana-haim",
        "name": "Alana Haim",
        "sort_name": "Haim, Alana",
        "bio": "Musician, the youngest of the three sisters in Haim. Her first screen role was "
        "Alana Kane in *Licorice Pizza* (2021).",
    },
    {"slug": "cooper-hoffman", "name": "Cooper Hoffman", "sort_name": "Hoffman, Cooper"},
    {
        "slug": "jean-rabier",
        "name": "Jean Rabier",
        "sort_name": "Rabier, Jean",
        "bio": "French cinematographer; he shot *Cléo from 5 to 7* and many of Claude "
        "Chabrol's films.",
    },
    {
        "slug": "michel-legrand",
        "name": "Michel Legrand",
        "sort_name": "Legrand, Michel",
        "birth_year": 1932,
        "death_year": 2019,
        "bio": "French composer, pianist and singer. He scored *Cléo from 5 to 7* and plays "
        "Bob, Cléo's composer, in it; his scores also include Jacques Demy's *The Umbrellas "
        "of Cherbourg* (1964).",
    },
    {"slug": "corinne-marchand", "name": "Corinne Marchand", "sort_name": "Marchand, Corinne"},
    {
        "slug": "antoine-bourseiller",
        "name": "Antoine Bourseiller",
        "sort_name": "Bourseiller, Antoine",
    },
    {
        "slug": "christopher-doyle",
        "name": "Christopher Doyle",
        "sort_name": "Doyle, Christopher",
        "bio": "Australian-born cinematographer based in Hong Kong, who shot Wong Kar-wai's "
        "films from *Days of Being Wild* (1990) to *2046* (2004).",
    },
    {
        "slug": "mark-lee-ping-bin",
        "name": "Mark Lee Ping-bin",
        "sort_name": "Lee Ping-bin, Mark",
        "bio": "Taiwanese cinematographer, the regular director of photography of Hou Hsiao-hsien.",
    },
    {
        "slug": "tony-leung-chiu-wai",
        "name": "Tony Leung Chiu-wai",
        "sort_name": "Leung Chiu-wai, Tony",
        "birth_year": 1962,
        "bio": "Hong Kong actor; *In the Mood for Love* won him the best actor prize at "
        "Cannes in 2000.",
    },
    {
        "slug": "maggie-cheung",
        "name": "Maggie Cheung",
        "sort_name": "Cheung, Maggie",
        "birth_year": 1964,
    },
    {
        "slug": "babette-mangolte",
        "name": "Babette Mangolte",
        "sort_name": "Mangolte, Babette",
        "bio": "French-born cinematographer and filmmaker based in New York; she shot Chantal "
        "Akerman's *Jeanne Dielman* and *News from Home*.",
    },
    {
        "slug": "delphine-seyrig",
        "name": "Delphine Seyrig",
        "sort_name": "Seyrig, Delphine",
        "birth_year": 1932,
        "death_year": 1990,
        "bio": "French actress, born in Beirut, remembered for Alain Resnais's *Last Year at "
        "Marienbad* (1961) and for the title role in *Jeanne Dielman*.",
    },
    {
        "slug": "jonathan-raymond",
        "name": "Jonathan Raymond",
        "sort_name": "Raymond, Jonathan",
        "bio": "American novelist and screenwriter, Kelly Reichardt's regular co-writer; *First "
        "Cow* grew from his novel *The Half-Life*.",
    },
    {
        "slug": "christopher-blauvelt",
        "name": "Christopher Blauvelt",
        "sort_name": "Blauvelt, Christopher",
        "bio": "American cinematographer; he has shot Kelly Reichardt's films since *Meek's "
        "Cutoff* (2010).",
    },
    {
        "slug": "michelle-williams",
        "name": "Michelle Williams",
        "sort_name": "Williams, Michelle",
        "birth_year": 1980,
    },
    {
        "slug": "bruce-greenwood",
        "name": "Bruce Greenwood",
        "sort_name": "Greenwood, Bruce",
        "birth_year": 1956,
    },
    {"slug": "john-magaro", "name": "John Magaro", "sort_name": "Magaro, John"},
    {"slug": "orion-lee", "name": "Orion Lee", "sort_name": "Lee, Orion"},
]

# ``palette``: (ground colour, its name, mark colour, its name) for the drawings; works
# without a known aspect ratio get no drawing, since its whole point is the frame's shape.
WORKS = [
    {
        "slug": "lost-track",
        "title": "Lost Track",
        "year": 2022,
        "kind": Work.Kind.MUSIC_VIDEO,
        "song": "Lost Track",
        "aspect_ratio": "2.35:1",
        "synopsis": (
            "At a charity luncheon and fashion show in a 1950s Valley country club, one of "
            "three sisters sits in the audience, sings, and reaches for a lighter."
        ),
        "palette": ("#c9a227", "mustard yellow", "#f4ecd8", "cream"),
        "credits": [
            ("paul-thomas-anderson", D, ""),
            ("paul-thomas-anderson", C, ""),
            ("haim", A, ""),
        ],
    },
    {
        "slug": "licorice-pizza",
        "title": "Licorice Pizza",
        "year": 2021,
        "kind": Work.Kind.FEATURE,
        "runtime": 133,
        "aspect_ratio": "2.39:1",
        "capture_format": "35 mm",
        "countries": "United States",
        "imdb_id": "tt11271038",
        "letterboxd_slug": "licorice-pizza",
        "synopsis": (
            "The San Fernando Valley, 1973. A fifteen-year-old child actor with big plans falls "
            "for a twenty-five-year-old photographer’s assistant, and the two of them keep "
            "running into, and away from, each other."
        ),
        "palette": ("#e07a2e", "orange", "#2b4c7e", "denim blue"),
        "credits": [
            ("paul-thomas-anderson", D, ""),
            ("paul-thomas-anderson", W, ""),
            ("paul-thomas-anderson", C, ""),
            ("michael-bauman", C, ""),
            ("jonny-greenwood", M, ""),
            ("alana-haim", P, "Alana Kane"),
            ("cooper-hoffman", P, "Gary Valentine"),
        ],
    },
    {
        "slug": "phantom-thread",
        "title": "Phantom Thread",
        "year": 2017,
        "kind": Work.Kind.FEATURE,
        "runtime": 130,
        "aspect_ratio": "1.85:1",
        "capture_format": "35 mm",
        "imdb_id": "tt5776858",
        "letterboxd_slug": "phantom-thread",
        "synopsis": (
            "London in the 1950s. The dressmaker Reynolds Woodcock runs his house, his sister "
            "and his days to an exact routine, until a young waitress named Alma becomes his "
            "model and refuses to stay in her place."
        ),
        "palette": ("#2f4a3a", "bottle green", "#e8dcc4", "ivory"),
        "credits": [
            ("paul-thomas-anderson", D, ""),
            ("paul-thomas-anderson", W, ""),
            ("dylan-tichenor", E, ""),
            ("jonny-greenwood", M, ""),
            ("daniel-day-lewis", P, "Reynolds Woodcock"),
            ("vicky-krieps", P, "Alma"),
            ("lesley-manville", P, "Cyril"),
        ],
    },
    {
        "slug": "there-will-be-blood",
        "title": "There Will Be Blood",
        "year": 2007,
        "kind": Work.Kind.FEATURE,
        "runtime": 158,
        "aspect_ratio": "2.39:1",
        "capture_format": "35 mm",
        "countries": "United States",
        "imdb_id": "tt0469494",
        "letterboxd_slug": "there-will-be-blood",
        "synopsis": (
            "California at the turn of the twentieth century. A prospector turned oilman builds "
            "a fortune on other people’s land, raising an orphaned boy as his partner and "
            "feuding with a young preacher who wants his share."
        ),
        "palette": ("#1e1a17", "oil black", "#b5562b", "rust red"),
        "credits": [
            ("paul-thomas-anderson", D, ""),
            ("paul-thomas-anderson", W, ""),
            ("robert-elswit", C, ""),
            ("dylan-tichenor", E, ""),
            ("jonny-greenwood", M, ""),
            ("daniel-day-lewis", P, "Daniel Plainview"),
            ("paul-dano", P, "Paul Sunday / Eli Sunday"),
        ],
    },
    {
        "slug": "magnolia",
        "title": "Magnolia",
        "year": 1999,
        "kind": Work.Kind.FEATURE,
        "runtime": 188,
        "aspect_ratio": "2.39:1",
        "capture_format": "35 mm",
        "countries": "United States",
        "imdb_id": "tt0175880",
        "synopsis": (
            "One rainy day in the San Fernando Valley, a dying television producer, his "
            "estranged son, a quiz-show host, a child prodigy and a lonely policeman are pulled "
            "towards one another."
        ),
        "palette": ("#3c4f76", "slate blue", "#f2d9e4", "pale pink"),
        "credits": [
            ("paul-thomas-anderson", D, ""),
            ("paul-thomas-anderson", W, ""),
            ("robert-elswit", C, ""),
            ("dylan-tichenor", E, ""),
            ("jon-brion", M, ""),
        ],
    },
    {
        "slug": "boogie-nights",
        "title": "Boogie Nights",
        "year": 1997,
        "kind": Work.Kind.FEATURE,
        "runtime": 155,
        "aspect_ratio": "2.39:1",
        "capture_format": "35 mm",
        "countries": "United States",
        "imdb_id": "tt0118749",
        "letterboxd_slug": "boogie-nights",
        "synopsis": (
            "From 1977 into the 1980s, a nightclub busboy becomes a star of the Valley’s "
            "pornography business and part of the makeshift family around a director who wants "
            "to make real films."
        ),
        "palette": ("#6b2d5c", "plum", "#f0c75e", "gold"),
        "credits": [
            ("paul-thomas-anderson", D, ""),
            ("paul-thomas-anderson", W, ""),
            ("robert-elswit", C, ""),
            ("dylan-tichenor", E, ""),
        ],
    },
    {
        "slug": "junun",
        "title": "Junun",
        "year": 2015,
        "kind": Work.Kind.DOCUMENTARY,
        "runtime": 54,
        "capture_format": "Digital video",
        "synopsis": (
            "In a fifteenth-century fort in Rajasthan, the Israeli composer Shye Ben Tzur, "
            "Jonny Greenwood and a dozen Indian musicians record an album together."
        ),
        "credits": [
            ("paul-thomas-anderson", D, ""),
            ("jonny-greenwood", P, "Himself"),
        ],
    },
    {
        "slug": "cleo-from-5-to-7",
        "title": "Cléo from 5 to 7",
        "original_title": "Cléo de 5 à 7",
        "year": 1962,
        "kind": Work.Kind.FEATURE,
        "runtime": 90,
        "aspect_ratio": "1.66:1",
        "capture_format": "35 mm",
        "colour": Work.Colour.MIXED,
        "synopsis": (
            "Paris, a June afternoon in 1961. A young singer waiting for the result of a "
            "medical test spends ninety minutes crossing the city, and learns to look outward."
        ),
        "palette": ("#d8d4cc", "pale grey", "#1b1b1b", "black"),
        "credits": [
            ("agnes-varda", D, ""),
            ("agnes-varda", W, ""),
            ("jean-rabier", C, ""),
            ("michel-legrand", M, ""),
            ("corinne-marchand", P, "Cléo"),
            ("antoine-bourseiller", P, "Antoine"),
            ("michel-legrand", P, "Bob"),
        ],
    },
    {
        "slug": "uncle-yanco",
        "title": "Uncle Yanco",
        "original_title": "Oncle Yanco",
        "year": 1967,
        "kind": Work.Kind.SHORT,
        "synopsis": (
            "In Sausalito, Varda meets a relative she has never known, the painter Jean Varda, "
            "who lives on a houseboat and makes his pictures from scraps."
        ),
        "credits": [("agnes-varda", D, "")],
    },
    {
        "slug": "the-gleaners-and-i",
        "title": "The Gleaners and I",
        "original_title": "Les Glaneurs et la Glaneuse",
        "year": 2000,
        "kind": Work.Kind.DOCUMENTARY,
        "runtime": 82,
        "capture_format": "Digital video",
        "countries": "France",
        "synopsis": (
            "With a small digital camera, Varda looks for the people who still glean: in "
            "potato fields and vineyards, at markets and in bins, and in her own work."
        ),
        "credits": [("agnes-varda", D, "")],
    },
    {
        "slug": "in-the-mood-for-love",
        "title": "In the Mood for Love",
        "original_title": "花樣年華",
        "year": 2000,
        "kind": Work.Kind.FEATURE,
        "runtime": 98,
        "aspect_ratio": "1.66:1",
        "imdb_id": "tt0118694",
        "letterboxd_slug": "in-the-mood-for-love",
        "synopsis": (
            "Hong Kong, 1962. Two neighbours discover that their husband and wife are having an "
            "affair, and draw close while promising each other not to become like them."
        ),
        "palette": ("#8c1c24", "deep red", "#d9a441", "amber"),
        "credits": [
            ("wong-kar-wai", D, ""),
            ("wong-kar-wai", W, ""),
            ("christopher-doyle", C, ""),
            ("mark-lee-ping-bin", C, ""),
            ("tony-leung-chiu-wai", P, "Chow Mo-wan"),
            ("maggie-cheung", P, "Su Li-zhen"),
        ],
    },
    {
        "slug": "chungking-express",
        "title": "Chungking Express",
        "original_title": "重慶森林",
        "year": 1994,
        "kind": Work.Kind.FEATURE,
        "synopsis": (
            "Two lovesick Hong Kong policemen, two stories: one counts down to his birthday "
            "with tins of pineapple, the other never notices who is tidying his flat."
        ),
        "credits": [
            ("wong-kar-wai", D, ""),
            ("wong-kar-wai", W, ""),
            ("christopher-doyle", C, ""),
            ("tony-leung-chiu-wai", P, "Cop 663"),
        ],
    },
    {
        "slug": "jeanne-dielman",
        "title": "Jeanne Dielman, 23 quai du Commerce, 1080 Bruxelles",
        "year": 1975,
        "kind": Work.Kind.FEATURE,
        "runtime": 201,
        "aspect_ratio": "1.66:1",
        "countries": "Belgium, France",
        "synopsis": (
            "Three days in the life of a widow in Brussels, her housework, her son and the "
            "afternoon visitors who pay her, until the routine begins to slip."
        ),
        "palette": ("#2e4a6b", "Flemish blue", "#e9e2d0", "linen white"),
        "credits": [
            ("chantal-akerman", D, ""),
            ("chantal-akerman", W, ""),
            ("babette-mangolte", C, ""),
            ("delphine-seyrig", P, "Jeanne Dielman"),
        ],
    },
    {
        "slug": "news-from-home",
        "title": "News from Home",
        "year": 1977,
        "kind": Work.Kind.DOCUMENTARY,
        "synopsis": (
            "Long, fixed views of New York streets, subways and piers, over which the film’s "
            "maker reads the letters her mother sent her from Brussels."
        ),
        "credits": [
            ("chantal-akerman", D, ""),
            ("babette-mangolte", C, ""),
        ],
    },
    {
        "slug": "saute-ma-ville",
        "title": "Saute ma ville",
        "year": 1968,
        "kind": Work.Kind.SHORT,
        "colour": Work.Colour.BLACK_AND_WHITE,
        "countries": "Belgium",
        "synopsis": (
            "A young woman comes home, shuts herself in her kitchen, cooks, cleans, makes a "
            "mess of everything and turns on the gas."
        ),
        "credits": [
            ("chantal-akerman", D, ""),
            ("chantal-akerman", P, ""),
        ],
    },
    {
        "slug": "meeks-cutoff",
        "title": "Meek's Cutoff",
        "year": 2010,
        "kind": Work.Kind.FEATURE,
        "aspect_ratio": "1.37:1",
        "countries": "United States",
        "synopsis": (
            "Oregon, 1845. Three families on the trail west follow a guide who promised a "
            "shortcut, and run out of water and of trust."
        ),
        "palette": ("#c8b48a", "dust tan", "#5a6e7f", "faded blue"),
        "credits": [
            ("kelly-reichardt", D, ""),
            ("jonathan-raymond", W, ""),
            ("christopher-blauvelt", C, ""),
            ("kelly-reichardt", E, ""),
            ("michelle-williams", P, "Emily Tetherow"),
            ("bruce-greenwood", P, "Stephen Meek"),
            ("paul-dano", P, "Thomas"),
        ],
    },
    {
        "slug": "first-cow",
        "title": "First Cow",
        "year": 2019,
        "kind": Work.Kind.FEATURE,
        "countries": "United States",
        "synopsis": (
            "In the Oregon territory of the 1820s, a cook and a Chinese immigrant go into "
            "business selling cakes made with milk they take, at night, from the only cow "
            "for miles."
        ),
        "credits": [
            ("kelly-reichardt", D, ""),
            ("jonathan-raymond", W, ""),
            ("kelly-reichardt", W, ""),
            ("christopher-blauvelt", C, ""),
            ("john-magaro", P, "Cookie Figowitz"),
            ("orion-lee", P, "King-Lu"),
        ],
    },
]

SERIES = {
    "slug": "the-directors-series",
    "title": "The Directors Series",
    "description": (
        "One director and one work at a time: how a filmmaker thinks with the shape of the "
        "frame, the length of a shot and the sound of a room."
    ),
}

TAGS = {
    "music-videos": "Music videos",
    "aspect-ratio": "Aspect ratio",
    "los-angeles": "Los Angeles",
    "film-scores": "Film scores",
    "cinematography": "Cinematography",
    "paris": "Paris",
    "hong-kong": "Hong Kong",
    "duration": "Duration",
    "documentary": "Documentary",
    "westerns": "Westerns",
}

# ``body``: the essay's Markdown file in demo_essays/. ``days``: how long before the first run
# the essay was published; negative: how long until it is (a scheduled essay).
ARTICLES = [
    {
        "slug": "paul-thomas-anderson-haim-lost-track",
        "body": "lost-track.md",
        "title": "Paul Thomas Anderson’s music video for Haim’s “Lost Track” (2022)",
        "dek": (
            "A pop single shot like a feature, at a 1950s country club in the Valley: a coda to "
            "Licorice Pizza that borrows its ceremonies from Phantom Thread."
        ),
        "pull_quote": "The joke and the ache of the video are both in that width.",
        "authors": ["editor"],
        "works": ["lost-track", "licorice-pizza", "phantom-thread"],
        "people": ["paul-thomas-anderson", "haim", "alana-haim"],
        "tags": ["music-videos", "aspect-ratio", "los-angeles"],
        "series_position": 1,
        "days": 3,
    },
    {
        "slug": "there-will-be-blood-noise-under-the-ground",
        "body": "there-will-be-blood.md",
        "title": "The noise under There Will Be Blood",
        "dek": (
            "Jonny Greenwood’s first score for Paul Thomas Anderson hears the oil before anyone "
            "sees it, and the film ends in a room built for a game."
        ),
        "pull_quote": "The son will live in silence; the father has only ever heard the oil.",
        "authors": ["critic"],
        "works": ["there-will-be-blood"],
        "people": ["paul-thomas-anderson", "jonny-greenwood", "daniel-day-lewis"],
        "tags": ["film-scores", "cinematography"],
        "contains_spoilers": True,
        "days": 11,
    },
    {
        "slug": "cleo-from-5-to-7-keeps-the-clock-in-view",
        "body": "cleo-from-5-to-7.md",
        "title": "Agnès Varda’s Cléo from 5 to 7 keeps the clock in view",
        "dek": (
            "A singer waits ninety minutes for a diagnosis, and Varda’s film refuses to skip "
            "any of them."
        ),
        "pull_quote": (
            "Vanity here is a form of fear: as long as Cléo is an image she is not yet a patient."
        ),
        "authors": ["editor"],
        "works": ["cleo-from-5-to-7"],
        "people": ["agnes-varda", "michel-legrand"],
        "tags": ["paris", "duration"],
        "series_position": 2,
        "days": 26,
    },
    {
        "slug": "in-the-mood-for-love-corridors",
        "body": "in-the-mood-for-love.md",
        "title": "In the Mood for Love is a film about corridors",
        "dek": (
            "Two neighbours, a narrow stairway, a waltz on repeat: how Wong Kar-wai turns "
            "restraint into the most romantic thing on screen."
        ),
        "pull_quote": "Nothing moves forward; everything deepens.",
        "authors": ["critic"],
        "works": ["in-the-mood-for-love"],
        "people": ["wong-kar-wai", "christopher-doyle"],
        "tags": ["hong-kong", "cinematography"],
        "series_position": 3,
        "contains_spoilers": True,
        "days": 41,
    },
    {
        "slug": "jeanne-dielman-the-time-it-takes",
        "body": "jeanne-dielman.md",
        "title": "Chantal Akerman’s Jeanne Dielman and the time it takes",
        "dek": (
            "Three days, one flat, two hundred minutes: why a film about housework holds a room "
            "like a thriller."
        ),
        "pull_quote": (
            "It isn’t, for a reason Akerman understood better than anyone: duration changes "
            "what you notice."
        ),
        "authors": ["editor"],
        "works": ["jeanne-dielman", "news-from-home", "saute-ma-ville"],
        "people": ["chantal-akerman", "delphine-seyrig"],
        "tags": ["duration"],
        "contains_spoilers": True,
        "days": 58,
    },
    {
        "slug": "the-gleaners-and-i-varda-bends-down",
        "body": "gleaners-and-i.md",
        "title": "Agnès Varda bends down: The Gleaners and I",
        "dek": (
            "With a camera she could hold in one hand, Varda made a documentary about picking "
            "up what others leave behind, herself included."
        ),
        "pull_quote": "value is partly a matter of who is willing to bend down.",
        "authors": ["critic"],
        "works": ["the-gleaners-and-i", "uncle-yanco"],
        "people": ["agnes-varda"],
        "tags": ["documentary"],
        "days": 83,
    },
    {
        "slug": "robert-elswit-boogie-nights-magnolia",
        "body": "elswit-boogie-nights-magnolia.md",
        "title": "Robert Elswit’s camera can’t sit still: Boogie Nights and Magnolia",
        "dek": (
            "Two early Paul Thomas Anderson films, one restless cinematographer, and the long "
            "takes that made a young director’s name."
        ),
        "pull_quote": (
            "Elswit’s camera in these early films behaves like a guest at a party who has had "
            "one drink too many"
        ),
        "authors": ["critic"],
        "works": ["boogie-nights", "magnolia"],
        "people": ["robert-elswit", "paul-thomas-anderson"],
        "tags": ["cinematography", "los-angeles"],
        "days": 120,
    },
    {
        "slug": "meeks-cutoff-the-square-frame",
        "body": "meeks-cutoff.md",
        "title": "Kelly Reichardt’s Meek’s Cutoff and the square frame of not knowing",
        "dek": (
            "A wagon train is lost in the Oregon desert, and Reichardt narrows the screen until "
            "we see no further than the women walking beside the wagons."
        ),
        "pull_quote": (
            "The screen’s narrowness is matched by a narrowness of knowledge, which the film "
            "shares with its characters instead of correcting for them."
        ),
        "authors": ["editor", "critic"],
        "works": ["meeks-cutoff", "first-cow"],
        "people": ["kelly-reichardt", "jonathan-raymond"],
        "tags": ["westerns", "aspect-ratio"],
        "days": -7,
    },
]


# Wide enough for a full-width hero on a large screen; flat shapes scale up cleanly.
HERO_SIZE = (1200, 675)
HERO_GROUND = "#1c1a18"
STILL_WIDTH = 1200


def essay_body(filename):
    return (ESSAYS_DIR / filename).read_text(encoding="utf-8")


def ratio_value(aspect_ratio):
    width, height = aspect_ratio.split(":")
    return float(Fraction(width) / Fraction(height))


def draw_frame(size, ratio, ground, mark, *, backdrop=None):
    """PNG bytes: a ``ratio``-shaped colour field with a band and a disc in ``mark``, centred on
    ``backdrop`` when given (a hero image) or filling the canvas (a still)."""
    canvas = Image.new("RGB", size, backdrop or ground)
    draw = ImageDraw.Draw(canvas)
    width, height = size
    if backdrop:
        frame_w = min(width * 0.82, height * 0.78 * ratio)
        frame_h = frame_w / ratio
        left, top = (width - frame_w) / 2, (height - frame_h) / 2
        draw.rectangle([left, top, left + frame_w, top + frame_h], fill=ground)
    else:
        left, top, frame_w, frame_h = 0, 0, width, height
    band_top = top + frame_h * 0.62
    draw.rectangle([left, band_top, left + frame_w, band_top + frame_h * 0.06], fill=mark)
    radius = frame_h * 0.14
    cx, cy = left + frame_w * 0.3, top + frame_h * 0.38
    draw.ellipse([cx - radius, cy - radius, cx + radius, cy + radius], fill=mark)
    buffer = BytesIO()
    canvas.save(buffer, format="PNG")
    return buffer.getvalue()


def attach_image(instance, field_name, filename, make_bytes):
    """Give ``instance`` a generated image. Each demo picture is drawn from fixed data, so one
    already stored under the same name is the same picture: reuse it instead of piling up
    copies each time a fresh database loads the demo."""
    field = instance._meta.get_field(field_name)
    name = field.generate_filename(instance, filename)
    if field.storage.exists(name):
        setattr(instance, field_name, name)
    else:
        setattr(instance, field_name, ContentFile(make_bytes(), name=filename))


def _create(model, values, *, prepare=None):
    """The object with ``values["slug"]``, created (validated first) when missing."""
    existing = model.objects.filter(slug=values["slug"]).first()
    if existing:
        return existing, False
    instance = model(**values)
    if prepare:
        prepare(instance)
    instance.full_clean()
    instance.save()
    return instance, True


def _critic():
    User = get_user_model()
    user, created = User.objects.get_or_create(
        username=CRITIC["username"],
        defaults={"display_name": CRITIC["display_name"], "email": CRITIC["email"]},
    )
    if created:
        # A byline, not a login: the critic files copy through the editor.
        user.set_unusable_password()
        user.save(update_fields=["password"])
    return user


def _work_still(work_data):
    ground, ground_name, mark, mark_name = work_data["palette"]
    ratio = work_data["aspect_ratio"]
    size = (STILL_WIDTH, round(STILL_WIDTH / ratio_value(ratio)))

    def prepare(work):
        attach_image(
            work,
            "poster",
            f"{work.slug}.png",
            lambda: draw_frame(size, ratio_value(ratio), ground, mark),
        )
        work.poster_alt = (
            f"An abstract colour study in the {ratio} shape of the frame of {work.title}: a "
            f"{ground_name} field crossed by a {mark_name} band, with a {mark_name} disc."
        )

    return prepare


def _article_hero(work_data):
    ground, ground_name, mark, mark_name = work_data["palette"]
    ratio = work_data["aspect_ratio"]
    title = work_data["title"]

    def prepare(article):
        attach_image(
            article,
            "hero_image",
            f"{article.slug}.png",
            lambda: draw_frame(HERO_SIZE, ratio_value(ratio), ground, mark, backdrop=HERO_GROUND),
        )
        article.hero_alt = (
            f"A {ground_name} rectangle in the {ratio} proportions of {title}, crossed by a "
            f"{mark_name} band, centred on a near-black ground."
        )
        article.hero_caption = f"The shape of the frame: {title} ({work_data['year']}) at {ratio}."
        article.hero_credit = "Drawing made for the demo"

    return prepare


def ensure_demo_content(now=None):
    """Create the demo people, works, credits, series, tags and essays that are missing.

    Returns ``{label: (created, total)}`` for a summary, e.g. ``{"essays": (8, 8), …}``.
    """
    now = now or timezone.now()
    accounts = {user.username: user for user, _, _ in ensure_demo_accounts()}
    accounts[CRITIC["username"]] = _critic()
    summary = {}

    people, created = {}, 0
    for values in PEOPLE:
        people[values["slug"]], was_created = _create(Person, values)
        created += was_created
    summary["people"] = (created, len(people))

    works, credits_created, credits_total, created = {}, 0, 0, 0
    works_by_slug = {data["slug"]: data for data in WORKS}
    for data in WORKS:
        values = {k: v for k, v in data.items() if k not in ("palette", "credits")}
        prepare = _work_still(data) if data.get("palette") else None
        work, was_created = _create(Work, values, prepare=prepare)
        works[work.slug] = work
        created += was_created
        for order, (person_slug, role, credited_as) in enumerate(data["credits"]):
            _, was_created = Credit.objects.get_or_create(
                work=work,
                person=people[person_slug],
                role=role,
                defaults={"order": order, "credited_as": credited_as},
            )
            credits_created += was_created
            credits_total += 1
    summary["works"] = (created, len(works))
    summary["credits"] = (credits_created, credits_total)

    series, was_created = Series.objects.get_or_create(
        slug=SERIES["slug"],
        defaults={k: v for k, v in SERIES.items() if k != "slug"},
    )
    summary["series"] = (int(was_created), 1)

    tags, created = {}, 0
    for slug, name in TAGS.items():
        tags[slug], was_created = Tag.objects.get_or_create(slug=slug, defaults={"name": name})
        created += was_created
    summary["tags"] = (created, len(tags))

    created = 0
    for data in ARTICLES:
        scheduled = data["days"] < 0
        values = {
            "slug": data["slug"],
            "title": data["title"],
            "dek": data["dek"],
            "body": essay_body(data["body"]),
            "pull_quote": data["pull_quote"],
            "status": Article.Status.SCHEDULED if scheduled else Article.Status.PUBLISHED,
            # Only ever set on creation, so a second run never moves an essay's date.
            "publish_at": now - timedelta(days=data["days"]),
            "contains_spoilers": data.get("contains_spoilers", False),
        }
        if "series_position" in data:
            values.update(series=series, series_position=data["series_position"])
        lead_work = works_by_slug[data["works"][0]]
        prepare = _article_hero(lead_work) if lead_work.get("palette") else None
        article, was_created = _create(Article, values, prepare=prepare)
        if was_created:
            created += 1
            article.authors.set([accounts[name] for name in data["authors"]])
            article.subject_works.set([works[slug] for slug in data["works"]])
            article.subject_people.set([people[slug] for slug in data["people"]])
            article.tags.set([tags[slug] for slug in data["tags"]])
            if not scheduled:
                # Written when published, never revised: no "Updated" line on a fresh demo.
                Article.objects.filter(pk=article.pk).update(
                    created_at=article.publish_at, updated_at=article.publish_at
                )
    summary["essays"] = (created, len(ARTICLES))
    return summary
