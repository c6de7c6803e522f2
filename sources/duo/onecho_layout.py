"""The record layouts of DUO's 1cHO file, copied from DUO's Bestandsbeschrijving_1cyferho_2023_v1.1
and _2025_v1.0 ("Lay-out bestand"; ../shared/real/duo/1cho). The two layouts agree on positions 1-305;
2025 inserts three fields before the BSN and the onderwijsnummer and names the outdated field at 186
"Migratieachtergrond" instead of "Etniciteit". The record length tells the layouts apart."""
from __future__ import annotations

from dataclasses import replace

from sources.duo.fixed_width import Field, parse_layout, record_length

LAYOUT_2023: tuple[Field, ...] = parse_layout("""
Persoonsgebonden nummer                                    1            12
Inschrijvingsjaar                                         13             4
Instellingscode                                           17             4
Actuele instelling                                        21             4
Opleidingscode                                            25             5
Opleidingsvorm                                            30             1
Opleidingsfase                                            31             1
Maand vanaf                                               32             2
Code beëindiging                                          34             1
Maand tot                                                 35             2
Code examenresultaat                                      37             1
Maand examenresultaat                                     38             2
Code bekostiging                                          40             1
Eerste jaar aan deze instelling                           41             4
Inschrijvingsvorm                                         45             1
Soort hoger onderwijs                                     46             3
Opleiding actueel equivalent                              49             5
Opleiding historisch equivalent                           54             5
Croho-onderdeel actuele opleiding                         59             1
Croho-subonderdeel actuele opleiding                      60             2
Type hoger onderwijs binnen soort hoger onderwijs         62             2
Opleidingsfase actueel                                    64             1
Indicatie actief op peildatum                             65             1
Soort inschrijving hoger onderwijs                        66             1
Soort inschrijving soort ho                               67             1
Soort inschrijving type ho binnen soort ho                68             1
Soort inschrijving opleiding actueel equivalent           69             1
Soort inschrijving actuele instelling                     70             1
Soort inschrijving actuele opleiding-instelling           71             1
Verblijfsjaar hoger onderwijs                             72             2
Verblijfsjaar soort ho                                    74             2
Verblijfsjaar type ho binnen soort ho                     76             2
Indicatie eerstejaars opl. actueel equivalent             78             1
Indicatie eerstejaars actuele instelling                  79             1
Indicatie eerstejaars actuele opl.-instelling             80             1
Eerste jaar in het hoger onderwijs                        81             4
Eerste jaar aan deze soort hoger onderwijs                85             4
Eerste jaar aan deze opleiding-instelling                 89             4
Diplomajaar                                               93             4
Opleidingsfase actueel van het diploma                    97             1
Soort diploma hoger onderwijs internat.statistiek         98             2
Soort diploma hoger onderwijs                            100             2
Soort diploma soort hoger onderwijs                      102             2
Soort diploma instelling                                 104             2
Hoogste vooropleiding vóór het HO                        106             5
Hoogste vooropleiding vóór het HO oorspronkelijke code   111             5
Diplomajaar van de hoogste vooropl. vóór het HO          116             4
Instelling van de hoogste vooropl. vóór het HO           120             4
Hoogste vooropleiding binnen het HO                      124             5
Hoogste vooropleiding binnen het HO oorspronkelijke code 129             5
Diplomajaar van de hoogste vooropl. binnen het HO        134             4
Instelling van de hoogste vooropl. binnen het HO         138             4
Hoogste vooropleiding                                    142             5
Diplomajaar hoogste vooropleiding                        147             4
Instelling van de hoogste vooropleiding                  151             4
Geslacht                                                 155             1
Leeftijd per peildatum 1 oktober                         156             3
Leeftijd per 1 januari                                   159             3
Nationaliteit 1                                          162             4
Nationaliteit 2                                          166             4
Nationaliteit 3                                          170             4
Geboorteland                                             174             4
Geboorteland ouder 1                                     178             4
Geboorteland ouder 2                                     182             4
Etniciteit                                               186             2
Generatie                                                188             1
Gecorrigeerd eerste jaar aan deze instelling             189             4
Eerste jaar aan deze actuele instelling                  193             4
Soort inschrijving act. inst - type ho binnen soort ho   197             1
Indicatie eerstejrs act. inst - type ho binnen soort ho  198             1
Actuele instelling vóór besturenfusies                   199             4
Soort inschrijving type ho binnen ho                     203             1
Verblijfsjaar type ho binnen ho                          204             2
Postcodecijfers student op 1 oktober                     206             4
Postcodecijfers van de hoogste vooropl. vóór het HO      210             4
Gem. eindcijfer VO van de hoogste vooropl. vóór het HO   214             3
Soort inschrijving continu hoger onderwijs               217             1
Soort inschrijving continu soort ho                      218             1
Soort inschrijving continu actuele instelling            219             1
Soort inschrijving continu type ho binnen ho             220             1
Indicatie eerstejaars continu hoger onderwijs            221             1
Indicatie eerstejaars continu soort ho                   222             1
Indicatie eerstejaars continu actuele instelling         223             1
Indicatie eerstejaars continu type ho binnen ho          224             1
Indicatie soort programma                                225             1
Datum inschrijving                                       226             8
Datum uitschrijving                                      234             8
Vestigingsnummer                                         242             2
Datum tekening diploma                                   244             8
Vestigingsnummer diploma                                 252             2
Vestigingsnummer actueel                                 254             2
Vestigingsnummer actueel diploma                         256             2
Vestigingsnummer van de hoogste vooropl. vóór het HO     258             2
Vestigingsnummer van de hoogste vooropl. binnen het HO   260             2
Vestigingsnummer van de hoogste vooropleiding            262             2
Indicatie EER actueel                                    264             1
Indicatie internationale student                         265             1
Indicatie EER op peildatum 1 oktober                     266             1
Nationaliteit gebruikt voor bepaling ind. EER actueel    267             4
Nationaliteit gebruikt voor bepaling ind. EER peildatum  271             4
Verblijfsjaar actuele opleiding                          275             2
Verblijfsjaar actuele instelling                         277             2
Verblijfsjaar actuele opleiding-instelling               279             2
Verblijfsjaar act. inst - type ho binnen soort ho        281             2
Verblijfsjaar continu ho                                 283             2
Verblijfsjaar continu soort ho                           285             2
Verblijfsjaar continu actuele instelling                 287             2
Verblijfsjaar continu type ho binnen ho                  289             2
Indicatie University College                             291             1
ISCEDF2013-rubriek                                       292             6
Herkomstland volgens CBS-definitie                       298             4
Herkomst-indikking volgens CBS-definitie                 302             2
Indicatie geboren                                        304             2
Burgerservicenummer                                      306             9
Onderwijsnummer                                          315             9
""")

LAYOUT_2025: tuple[Field, ...] = tuple(
    replace(f, name="Migratieachtergrond") if f.name == "Etniciteit" else f
    for f in LAYOUT_2023 if f.start < 306
) + parse_layout("""
Nationaliteit 1 op peildatum 1 oktober                   306             4
Nationaliteit 2 op peildatum 1 oktober                   310             4
Indicatie internationale student op peildatum 1 oktober  314             1
Burgerservicenummer                                      315             9
Onderwijsnummer                                          324             9
""")

LAYOUTS = {2023: LAYOUT_2023, 2025: LAYOUT_2025}
LENGTHS = {year: record_length(layout) for year, layout in LAYOUTS.items()}      # 323 and 332
