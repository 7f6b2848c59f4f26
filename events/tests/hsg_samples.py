"""A tiny Office of the Historian data folder, written for the import tests: every text here is invented.

``write_samples(root)`` writes one file per kind the import reads, each holding the odd cases the
import must handle (decade dates, undated heads, a date whose text disagrees with @when, duplicate
ids, sub-headings, links to people and essays, a tag missing from the taxonomy, a post that ends
before it starts, a reference to a missing person).
"""

from pathlib import Path

TEI = "http://www.tei-c.org/ns/1.0"

TAXONOMY = """<?xml version="1.0" encoding="UTF-8"?>
<taxonomy>
  <title>Invented taxonomy</title>
  <category><id>people</id><label>People</label>
    <category><id>presidents</id><label>Presidents</label>
      <tag><id>dover-dan</id><label>Dover, Dan</label></tag>
    </category>
    <category><id>secretaries-of-state</id><label>Secretaries of State</label>
      <tag><id>brook-carl</id><label>Brook, Carl</label></tag>
    </category>
  </category>
  <category><id>places</id><label>Places</label>
    <category><id>sovereign-territories</id><label>Sovereign Territories</label>
      <tag><id>north-region</id><label>North Region</label>
        <tag><id>ruritania</id><label>Ruritania</label></tag>
        <tag><id>freedonia</id><label>Freedonia</label><definition>Next to <ptr target="ruritania"/>.</definition></tag>
      </tag>
    </category>
    <category><id>other</id><label>Other</label>
      <tag><id>moon-base</id><label>Moon Base</label></tag>
    </category>
  </category>
  <category><id>topics</id><label>Topics</label>
    <tag><id>treaties</id><label>Treaties</label>
      <tag><id>trade-pacts</id><label>Trade Pacts</label></tag>
    </tag>
  </category>
</taxonomy>
"""

STUDIES = """<?xml version="1.0" encoding="UTF-8"?>
<submission>
  <study><title>Alpha</title><tags><tag id="trade-pacts"/><tag id="brook-carl"/><tag id="no-such-tag"/></tags>
    <milestone-id>alpha</milestone-id><milestone-grouping>1901-1910</milestone-grouping></study>
  <study><title>Gone</title><tags><tag id="treaties"/></tags>
    <milestone-id>gone</milestone-id><milestone-grouping>1801-1810</milestone-grouping></study>
  <study><title>Foreword</title><tags><tag id="treaties"/></tags>
    <milestone-id>foreword</milestone-id><milestone-grouping>1901-1910</milestone-grouping></study>
</submission>
"""

PEOPLE = {
    "a/abel-ann-b": """<person><id>abel-ann-b</id>
  <persName><surname>Abel</surname><forename>Ann B.</forename><altname>Annie Abel</altname></persName>
  <birth>1860</birth><death>1930</death><career-type>career</career-type>
  <residence><state-id>zz</state-id><state-id>yy</state-id></residence>
  <old-ids><old-id>abel-ann</old-id></old-ids></person>""",
    "b/brook-carl": """<person><id>brook-carl</id>
  <persName><surname>Brook</surname><forename>Carl</forename><genName>Jr.</genName></persName>
  <birth>1870</birth><death/><career-type>non-career</career-type><residence/></person>""",
}

STATES = """<code-table><name>us-state-code</name><items>
  <item><label>Zed State</label><value>zz</value></item><item><label>Why State</label><value>yy</value></item>
</items></code-table>"""

ROLE = """<role><id>envoy</id><names><singular>Envoy Extraordinary</singular><plural>Envoys</plural></names></role>"""


def _chief(identifier, person, territory, *, appointed="", started="", ended="", ended_note="", note=""):
    return f"""<chief><id>{identifier}</id><person-id>{person}</person-id><role-title-id>envoy</role-title-id>
  <contemporary-territory-id>{territory}</contemporary-territory-id>
  <appointed><date>{appointed}</date><note/></appointed><arrived><date/><note/></arrived>
  <started><date>{started}</date><note/></started><ended><date>{ended}</date><note>{ended_note}</note></ended>
  <note>{note}</note></chief>"""


ABEL_IN_RURITANIA = _chief(
    "ru-1905-abel-01",
    "abel-ann-b",
    "ruritania",
    appointed="1905-01-02",
    started="1905-03-04",
    ended="1907-05-06",
    ended_note="Left post on",
)
NOMINEE = _chief("ru--broo-01", "brook-carl", "ruritania", note="Did not proceed to post.")
RURITANIA = f"""<country-mission><territory-id>ruritania</territory-id><chiefs>
{ABEL_IN_RURITANIA}
{_chief("ru-1908-nobo-01", "nobody-at-all", "ruritania", started="1908")}
{_chief("ru-1909-broo-01", "brook-carl", "old-ruritania-1910", started="1909-06-01", ended="1909-02-01")}
{_chief("ru-1905-abel-01", "abel-ann-b", "ruritania", started="1905-03-04")}
</chiefs><other-nominees>{NOMINEE}</other-nominees>
</country-mission>"""

FREEDONIA = f"""<country-mission><territory-id>freedonia</territory-id><chiefs>
{_chief("fr-1905-abel-01", "abel-ann-b", "freedonia", started="1905-04-01", ended="1907-05-06")}
</chiefs><other-nominees/></country-mission>"""

CONCURRENT = """<concurrent-appointments><id>1905-abel-01</id><person-id>abel-ann-b</person-id>
  <resident-at><locale-id>zenda</locale-id><contemporary-territory-id>ruritania</contemporary-territory-id></resident-at>
  <chief-id>ru-1905-abel-01</chief-id><chief-id>fr-1905-abel-01</chief-id></concurrent-appointments>"""

ORG = """<org-mission><id>representative-to-league</id><category>international-organization</category>
  <names><singular>Representative to the League of Invented Nations</singular><plural>Representatives</plural></names>
  <chiefs><chief><id>league-1920-broo</id><person-id>brook-carl</person-id><role-title-id>representative</role-title-id>
    <appointed><date>1920-01-01</date><note/></appointed><arrived><date/><note/></arrived>
    <started><date>1920-02-01</date><note/></started><ended><date/><note/></ended><note/></chief></chiefs>
  <other-appointees/></org-mission>"""

PRINCIPAL = """<principal-position><id>secretary</id><names><singular>Secretary of State</singular></names>
  <principals><principal><id>secr-1910-broo</id><person-id>brook-carl</person-id><role-title-id>secretary</role-title-id>
    <appointed><date>1910-01-01</date><note/></appointed><started><date>1910-01-05</date><note/></started>
    <ended><date>1912-12-31</date><note/></ended><note/></principal></principals>
  <other-appointees/></principal-position>"""

PRESIDENTS = """<presidents>
  <president n="1"><id>dover-dan</id><name>Dan Dover</name><birth-year>1850</birth-year>
    <death-year>1920</death-year><took-office-date>1901-03-04</took-office-date>
    <left-office-date>1909-03-04</left-office-date></president>
  <president n="2"><id>brook-carl</id><name>Carl Brook</name><birth-year>1870</birth-year>
    <death-year still-alive="true"/><took-office-date>1913-03-04</took-office-date>
    <left-office-date still-in-office="true"/></president>
</presidents>"""

PRESIDENT_TRIPS = """<trips>
  <trip role="president" who="dover-dan"><id>11</id><role>president</role><name>Dan Dover</name>
    <start-date>1905-06-01</start-date><end-date>1905-06-03</end-date>
    <country id="ruritania">Ruritania</country><locale>Strelsau</locale><remarks>Met the invented king.</remarks></trip>
  <trip role="president" who="dover-dan"><id>12</id><role>president</role><name>Dan Dover</name>
    <start-date>1906-06-01</start-date><end-date>1906-05-01</end-date>
    <country id="atlantis">Atlantis</country><locale/><remarks>Backwards trip.</remarks></trip>
</trips>"""

SECRETARY_TRIPS = """<trips>
  <trip role="secretary" who="brook-carl"><id>21</id><role>secretary</role><name>Carl Brook</name>
    <start-date>1911-02-02</start-date><end-date>1911-02-02</end-date>
    <country id="freedonia">Freedonia</country><locale>Fredville</locale><remarks/></trip>
</trips>"""

VISITS = """<visits>
  <visit><id>31</id><visitor>Queen Zelda</visitor><from id="freedonia">Freedonia</from>
    <start-date>1907-07-07</start-date><end-date>1907-07-09</end-date><description>State visit.</description></visit>
  <visit><id>32</id><visitor>Ann B. Abel</visitor><from id="ruritania">Ruritania</from>
    <start-date>1908-08-08</start-date><end-date/><description>Private visit.</description></visit>
</visits>"""

CHAPTER_1901 = f"""<?xml version="1.0" encoding="UTF-8"?>
<TEI xmlns="{TEI}"><teiHeader/><text>
<front><div type="section" xml:id="foreword">
  <head><date from="1901" to="1910">1901–1910</date>: Invented Decade</head>
  <p><hi rend="strong">Introduction</hi></p>
  <p>An era of made-up diplomacy, see <ref target="/milestones/1901-1910/beta">Beta</ref>.</p>
  <figure><graphic url="era-map.jpg"/><head>An invented map</head></figure>
</div></front>
<body>
<div type="section" xml:id="alpha" ana="ruritania treaties dover-dan">
  <head>The Alpha Accord, <date when="1905">1905</date></head>
  <p>Opening words about <placeName>Zenda</placeName> in <date when="1905-03-04">March 1905</date>.</p>
  <p><hi rend="strong">Negotiations</hi></p>
  <p><persName>Ann B. Abel</persName> met <ref target="/departmenthistory/people/brook-carl">Secretary Brook</ref>
     and <persName>Nobody Known</persName>; see <ref target="/milestones/1901-1910/beta">the Beta essay</ref>,
     <ref target="/milestones/1911-1920/alpha">the later Alpha</ref>,
     <ref target="/milestones/1801-1810/gone">a lost essay</ref> and
     <ref target="/departmenthistory/people/ghost-gary">a ghost</ref>. It was <hi rend="italic">very</hi> dull.</p>
  <figure><graphic url="alpha-signing.jpg"/><head>The invented signing</head></figure>
  <p><hi rend="strong">Aftermath</hi></p>
  <p>1906. Nothing else happened.</p>
</div>
<div type="section" xml:id="beta"><head>Beta Troubles of the <date when="1900">1900s</date></head>
  <p>Decade text.</p></div>
<div type="section" xml:id="gamma"><head>Gamma Policy, <date from="1880" to="1890">1880s/1890s</date></head>
  <p>Two decades.</p></div>
<div type="section" xml:id="delta"><head>Delta Crisis, October 1906</head><p>Dated in words.</p></div>
<div type="section" xml:id="epsilon"><head>Epsilon Matters</head><p>Undated.</p></div>
<div type="section" xml:id="zeta"><head>Zeta Affair, <date when="1902">1902–1903</date></head><p>Disagreeing.</p></div>
<div type="section" xml:id="alpha"><head>A second alpha, <date when="1909">1909</date></head><p>Duplicate.</p></div>
</body></text></TEI>
"""

CHAPTER_1911 = f"""<?xml version="1.0" encoding="UTF-8"?>
<TEI xmlns="{TEI}"><teiHeader/><text>
<front><div type="section" xml:id="foreword"><head>1911–1920: Another Invented Decade</head>
  <p>Later made-up diplomacy.</p></div></front>
<body>
<div type="section" xml:id="alpha"><head>The Later Alpha, <date from="1912" to="1913">1912–13</date></head>
  <p>Same id, other chapter.</p></div>
</body></text></TEI>
"""


def write_samples(root):
    """Write the sample data folder under ``root`` and return its path."""
    root = Path(root)
    files = {
        "tags/taxonomy/taxonomy.xml": TAXONOMY,
        "tags/retired-resources/milestones/milestones.xml": STUDIES,
        "pocom/code-tables/us-state-codes.xml": STATES,
        "pocom/roles-country-chiefs/envoy.xml": ROLE,
        "pocom/missions-countries/ruritania.xml": RURITANIA,
        "pocom/missions-countries/freedonia.xml": FREEDONIA,
        "pocom/concurrent-appointments/1905-abel-01.xml": CONCURRENT,
        "pocom/missions-orgs/representative-to-league.xml": ORG,
        "pocom/positions-principals/secretary.xml": PRINCIPAL,
        "travels/presidents/presidents.xml": PRESIDENTS,
        "travels/president-travels/dover-dan.xml": PRESIDENT_TRIPS,
        "travels/secretary-travels/brook-carl.xml": SECRETARY_TRIPS,
        "visits/data/1900.xml": VISITS,
        "milestones/chapters/1901-1910.xml": CHAPTER_1901,
        "milestones/chapters/1911-1920.xml": CHAPTER_1911,
    }
    files.update({f"pocom/people/{name}.xml": text for name, text in PEOPLE.items()})
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return root
