"""Imports every model so SQLAlchemy's metadata is complete (migrations, create_all, privacy
walks over the metadata). Add a module's models here when the module lands."""

from open_nijmegen.accounts.models import (  # noqa: F401
    BlockedDisplayName,
    Identity,
    LoginEvent,
    LoginSession,
    StaffWorkArea,
    User,
)
from open_nijmegen.begroten.models import (  # noqa: F401
    Begroting,
    Deelname,
    Plan,
    Stembiljet,
    begroting_wijk,
)
from open_nijmegen.bijeenkomsten.models import Aanmelding, Bijeenkomst  # noqa: F401
from open_nijmegen.core.codes import OneTimeCode  # noqa: F401
from open_nijmegen.core.models import (  # noqa: F401
    AuditLog,
    Follow,
    Job,
    Reaction,
    Setting,
    StatusChange,
    Upload,
)
from open_nijmegen.core.paper import PaperForm  # noqa: F401
from open_nijmegen.core.refusals import RefusalEvent  # noqa: F401
from open_nijmegen.core.wijken import Wijk  # noqa: F401
from open_nijmegen.ideeen.models import Idee, Steun, Thema, Traject, TrajectFase  # noqa: F401
from open_nijmegen.ideeen.search import matching_ids  # noqa: F401  (full-text DDL events)
from open_nijmegen.inwonersberaad.aanmelding_models import (  # noqa: F401
    BeraadAanmelding,
    BriefBatch,
    WervingOpzet,
)
from open_nijmegen.inwonersberaad.models import (  # noqa: F401
    Aanbeveling,
    Beraad,
    Beraadslid,
    Dossierstuk,
    ExpertVraag,
    Gelezen,
    Loting,
    PriveNotitie,
    Uitnodiging,
    Voortgang,
)
from open_nijmegen.moderation.models import Report  # noqa: F401
from open_nijmegen.notifications.models import OutboxMessage  # noqa: F401
from open_nijmegen.paginas.models import Pagina, PaginaVersie  # noqa: F401
from open_nijmegen.peilingen.models import (  # noqa: F401
    Deelname as PeilingDeelname,
)
from open_nijmegen.peilingen.models import (  # noqa: F401
    Inzending,
    OpenAntwoord,
    Optie,
    Peiling,
    Sectie,
    Vraag,
)
from open_nijmegen.privacy.models import Verwerking  # noqa: F401
from open_nijmegen.uitdaagrecht.models import (  # noqa: F401
    Beoordeling,
    Bezwaar,
    Uitdaging,
    UitdagingTeller,
)
