"""Media residue: image and CDN paths, markdown image syntax, and the text of video/photo widgets.

When an extractor flattens a page, an ``<img>`` can leave its URL (often cut at the scheme, as in
"/cdn.example.com/uploads/x.jpg)") and a player leaves "Play Video" or "02:31". None of it is
prose, so each rule needs the whole line to be residue; a sentence mentioning a video is kept.
"""

from __future__ import annotations

from newsclean.cleaning.rules import Rule
from newsclean.cleaning.rules._shared import alternation, compile_rule

_MEDIA_EXT = r"(?i:jpe?g|png|gif|webp|avif|svg|bmp|tiff?|heic|mp4|webm|mov|m4v|m3u8|mp3|m4a)"
_PATH_CHARS = r"[\w.\-%~+=,@!$&'*;:]"
_QUERY = r"(?:[?#][^\s()\[\]]{0,300})?"
# scheme and host are optional: residue is often cut to "/cdn.host/..." or "//host/..."
_URL_HEAD = r"(?:(?i:https?):)?/{0,2}"

_IMAGE_PATH = rf"{_URL_HEAD}{_PATH_CHARS}{{1,100}}(?:/{_PATH_CHARS}{{0,200}}){{0,40}}\.{_MEDIA_EXT}{_QUERY}"
_CDN_PATH = (
    rf"{_URL_HEAD}(?:[\w\-]{{1,60}}\.){{0,5}}(?i:[\w\-]{{0,30}}(?:cdn|img|images|static|media|assets|cloudfront|akamai|uploads)[\w\-]{{0,30}})"
    rf"(?:\.[\w\-]{{1,60}}){{0,5}}(?:/{_PATH_CHARS}{{0,200}}){{1,40}}{_QUERY}"
)

_WIDGETS = alternation(
    [
        "play video", "play", "replay", "watch video", "watch now", "watch live", "video", "watch",
        "loading", "loading video", "loading...", "show comments", "hide comments", "view comments",
        "load comments", "comments", "click to expand", "click to enlarge", "tap to expand",
        "enlarge this image", "enlarge image", "expand image", "toggle caption", "hide caption",
        "show caption", "view gallery", "open gallery", "view slideshow", "fullscreen", "full screen",
        "view image in fullscreen", "open image in gallery", "expand", "leave a comment", "add a comment",
        "post a comment", "join the conversation", "jump to comments",
        "mute", "unmute", "close", "next", "previous", "pause", "listen", "listen to this article",
        "audio", "video abspielen", "video ansehen", "bild vergrößern", "kommentare anzeigen",
        "wird geladen", "lädt", "video wird geladen", "reproducir video", "ver video", "cargando",
        "cargando video", "loading content", "chargement de la vidéo", "ampliar imagen",
        "lire la vidéo", "voir la vidéo", "chargement", "agrandir l'image", "guarda il video",
        "caricamento", "carregando", "assistir ao vídeo", "odtwórz wideo", "ładowanie",
        "смотреть видео", "загрузка", "播放视频", "加载中",
    ]
)

_LABELS = alternation(
    [
        "image", "video", "watch", "listen", "gallery", "slideshow", "audio", "podcast", "graphic",
        "interactive", "map", "chart", "bildergalerie", "galerie", "fotostrecke", "galería",
        "vidéo", "vídeo", "galleria", "wideo", "видео", "视频",
    ]
)

RULES: tuple[Rule, ...] = (
    Rule(
        name="media.image_url",
        family="media",
        tier="safe",
        scope="line",
        max_chars=500,  # image and CDN URLs are long
        max_words=1,  # the pattern allows no whitespace: prose lines are not tried
        description="A line that is only a path or URL to an image, video or audio file, with or "
        "without scheme, possibly wrapped in the brackets of markdown link residue.",
        pattern=compile_rule(rf"[(\[<]?{_IMAGE_PATH}[)\]>]?"),
        examples=(
            "/cdn.example.com/uploads/chorus_image/image/123/photo_1.0.jpg)",
            "https://static.example.org/img/2019/06/21/flood.JPG",
            "//images.example.net/a/b/c.webp?w=1200&q=80",
            "(https://media.example.de/bilder/foto-123.png)",
            "uploads/2020/03/cover.gif",
        ),
        keep=(
            "The file photo.jpg was shared widely on social media.",
            "See https://example.org/report.pdf for the full report.",
            "Chicago/Illinois",
        ),
    ),
    Rule(
        name="media.cdn_url",
        family="media",
        tier="balanced",
        scope="line",
        max_chars=500,  # image and CDN URLs are long
        max_words=1,  # the pattern allows no whitespace: prose lines are not tried
        description="A line that is only a URL on an asset host (cdn, img, static, media, uploads): "
        "leftovers of embeds whose file name has no media extension.",
        pattern=compile_rule(rf"[(\[<]?{_CDN_PATH}[)\]>]?"),
        examples=(
            "https://cdn.example.com/v/abc123?format=auto",
            "/img.example.net/resize/800x600/abcdef",
            "//static.example.org/uploads/2021/09/hero",
            "https://d1234.cloudfront.net/assets/player",
        ),
        keep=(
            "The CDN outage took down dozens of sites on Tuesday.",
            "Images of the flood spread on social media within minutes.",
            "https://www.example.gov/budget/2020",
        ),
    ),
    Rule(
        name="media.markdown_image",
        family="media",
        tier="safe",
        scope="span",
        description="Markdown image syntax '![alt](url)' left inside a line by an HTML-to-markdown "
        "extractor; the rest of the line stays.",
        pattern=compile_rule(r"!\[[^\]\n]{0,300}\]\([^()\s]{1,1000}(?:\s\"[^\"\n]{0,200}\")?\)"),
        examples=(
            "![](https://example.com/a.jpg)",
            "![Protesters outside the office](/uploads/2019/09/protest.png)",
            'The mayor spoke. ![photo](https://img.example.org/x "Mayor at the podium") Then she left.',
        ),
        keep=(
            "The crowd shouted [inaudible] at the officers (who did not respond)!",
            "Wow! [Laughter] (Applause)",
        ),
    ),
    Rule(
        name="media.widget",
        family="media",
        tier="balanced",
        scope="line",
        description="The text of a video player, gallery or comment widget standing alone on a line "
        "('Play Video', 'Loading...', '0 comments', 'Enlarge this image'), in several languages.",
        pattern=compile_rule(
            rf"[▶►\s]{{0,3}}(?:\d{{1,6}}\s)?{_WIDGETS}(?:\s?\(\d{{1,6}}\))?[\s.…:→»›>]{{0,4}}|\d{{1,6}}\s(?i:comments?|kommentare?|comentarios?|commentaires?|commenti|komentarz[ey]?)",
            ignore_case=True,
        ),
        examples=(
            "Play Video",
            "Loading...",
            "0 comments",
            "12 Comments",
            "Show comments",
            "Click to expand",
            "Enlarge this image",
            "Video abspielen",
            "Cargando…",
            "▶ Watch",
        ),
        keep=(
            "Play resumed after a two-hour rain delay.",
            "Comments made by the minister drew criticism.",
            "Loading the trucks took most of the night.",
        ),
    ),
    Rule(
        name="media.watch_call",
        family="media",
        tier="balanced",
        scope="line",
        description="A call to play an embed that is gone ('Watch the full interview', 'Listen to the "
        "podcast', 'Sehen Sie das Video'): a play verb, then a media noun, and nothing else.",
        pattern=compile_rule(
            r"(?i:watch|listen to|view|see|play|sehen sie|hören sie|mira|escucha|regardez|écoutez|guarda|ascolta)"
            r"(?:\s(?i:the|our|this|a|das|den|die|el|la|le|il))?(?:\s(?i:full|whole|complete|live|latest|ganze|"
            r"vollständige|completo|complet|completa))?\s"
            r"(?i:video|videos|interview|clip|report|speech|press conference|broadcast|footage|segment|episode|"
            r"podcast|livestream|live stream|trailer|highlights|gespräch|interview|vídeo|entrevista|vidéo|"
            r"entretien|intervista)(?:\s(?i:completo|completa|complet|complète|integrale|intégral|intégrale))?"
            r"(?:\s(?i:here|now|below|above|hier|aquí|ici|qui))?[.:!]?",
        ),
        examples=(
            "Watch the full interview",
            "Listen to the podcast",
            "WATCH THE VIDEO BELOW:",
            "Sehen Sie das ganze Interview",
            "Mira el vídeo completo",
        ),
        keep=(
            "Watch the video closely and you will see the car speeding up.",
            "See the report for details of the methodology, she said.",
        ),
    ),
    Rule(
        name="media.label",
        family="media",
        tier="balanced",
        scope="line",
        description="A short 'Image: ...', 'Video: ...', 'Watch: ...' or 'Gallery: ...' label line "
        "introducing an embed; at most 25 words and no sentence-final period.",
        pattern=compile_rule(rf"(?i:{_LABELS})\s?[:|]\s?[^\s]{{1,40}}(?:\s[^\s]{{1,40}}){{0,24}}(?<![.;,])"),
        examples=(
            "Image: Getty Images",
            "Video: Mayor speaks at the rally",
            "WATCH: Protesters gather outside ICE office",
            "Bildergalerie: Hochwasser in Bayern",
            "Galería: Las protestas en imágenes",
        ),
        keep=(
            "Image: the company's image suffered badly after the scandal, analysts said.",
            "Watch this space, the minister told reporters.",
            "The map shows where the flooding was worst.",
        ),
    ),
    Rule(
        name="media.duration",
        family="media",
        tier="balanced",
        scope="line",
        description="A line that is only a video or audio duration ('02:31', 'Video 1:02:45', "
        "'3:12 min'), left behind by a player thumbnail.",
        pattern=compile_rule(
            r"(?i:(?:video|audio|duration|dauer|duración|durée|durata)\s?:?\s)?"
            r"(?:\d{1,2}:)?\d{1,2}:\d{2}(?i:\s?(?:min|mins|minutes|minuten|minutos))?"
        ),
        examples=("02:31", "Video 1:02:45", "3:12 min", "Duration: 0:45"),
        keep=("At 02:31 the alarm sounded.", "The vote was 12:3 in favour of the motion."),
    ),
)
