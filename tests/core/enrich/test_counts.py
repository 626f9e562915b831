"""Count rules: what a number tied to a weapon class means, and which numbers are not counts."""

import pytest

from streams.core.enrich.counts import extract_counts
from streams.core.enrich.matchers import matchers_for


def facts(text: str, catalogue) -> set[tuple]:
    out = set()
    for f in extract_counts(text, matchers_for(catalogue)):
        out.update((f.weapon_class, kind, n) for kind, n in f.numbers().items())
    return out


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # "X of Y", number words
        (
            "Air defence shot down forty-four out of sixty-two drones.",
            {("drone", "destroyed", 44), ("drone", "launched", 62)},
        ),
        # ", of which N were ..."
        (
            "Russia fired 38 cruise missiles on Saturday, of which 25 were shot down.",
            {("cruise missile", "launched", 38), ("cruise missile", "destroyed", 25)},
        ),
        # "all of them / all of which were shot down" gives launched and destroyed
        (
            "Russia launched 10 ballistic missiles at the city on Jan. 2, and all of them were shot down.",
            {("ballistic missile", "launched", 10), ("ballistic missile", "destroyed", 10)},
        ),
        (
            "The navy sent six sea drones towards the peninsula, all of which were destroyed at sea.",
            {("drone", "launched", 6), ("drone", "destroyed", 6)},
        ),
        # an elliptic number followed by any lost verb ("went missing", "disappeared")
        (
            "Russia attacked with 90 drones; 62 were shot down and 20 went missing.",
            {("drone", "launched", 90), ("drone", "destroyed", 62), ("drone", "lost", 20)},
        ),
        (
            "Of the 46 drones, 30 were downed and 16 disappeared from radar.",
            {("drone", "launched", 46), ("drone", "destroyed", 30), ("drone", "lost", 16)},
        ),
        (
            "Air defences intercepted 17 of the 20 drones, with the remaining three failing to reach their targets.",
            {("drone", "launched", 20), ("drone", "destroyed", 17), ("drone", "lost", 3)},
        ),
        # a participle saying which ones ("fired at Kyiv") stands between the number and its verb
        (
            "Only one of the five missiles fired at Kyiv got through, hitting a warehouse.",
            {("missile", "launched", 5), ("missile", "hit", 1)},
        ),
        (
            "Two of the drones launched at Odesa overnight hit a port facility.",
            {("drone", "hit", 2)},
        ),
        # casualties after the weapons are no count of them
        (
            "Russia launched 122 missiles and 36 drones, killing at least 30 civilians and injuring about 160 across the country.",
            {("missile", "launched", 122), ("drone", "launched", 36)},
        ),
        # "launched in the same wave" only says which drones
        (
            "Ukraine downed 18 missiles. All six Shahed drones launched in the same wave were also destroyed.",
            {("missile", "destroyed", 18), ("drone", "launched", 6), ("drone", "destroyed", 6)},
        ),
        (
            "It said four rockets hit the building, and that two of the six rockets fired had been shot down.",
            {("rocket", "hit", 4), ("rocket", "launched", 6), ("rocket", "destroyed", 2)},
        ),
        # a list hanging from a heading line takes the heading's verb
        (
            "As of 08:30, air defence has shot down/suppressed 751 air targets:\n"
            "– 747 enemy UAVs of various types;\n"
            "– 4 Iskander-K cruise missiles.",
            {
                ("air targets", "destroyed", 751),
                ("drone", "destroyed", 747),
                ("cruise missile", "destroyed", 4),
            },
        ),
        (
            "Air defence systems on duty intercepted and destroyed 337 Ukrainian UAVs:\n"
            "126 – over the territory of the Kursk region,\n"
            "91 – over the Moscow region.",
            {("drone", "destroyed", 337), ("drone", "destroyed", 126), ("drone", "destroyed", 91)},
        ),
        # ", of which ..." gives the part its own verb; the whole keeps "launched"
        (
            "Russia launched 122 missiles and 36 drones, of which 87 missiles and 27 drones were shot down.",
            {
                ("missile", "launched", 122),
                ("drone", "launched", 36),
                ("missile", "destroyed", 87),
                ("drone", "destroyed", 27),
            },
        ),
        # an official tally: items under a heading with a colon, "label – N (of M)", "(+N)" the day's rise
        (
            "Destroyed: Kh-59 guided air missile – 1 (of 1); Shahed and decoy drones – 50 (of 67).\n"
            "Drones were shot down over the following regions:\n"
            "Kharkiv region – 12\n"
            "Sumy region – 9",
            {
                ("guided missile", "launched", 1),
                ("guided missile", "destroyed", 1),
                ("drone", "launched", 67),
                ("drone", "destroyed", 50),
                ("drone", "destroyed", 12),
                ("drone", "destroyed", 9),
            },
        ),
        (
            "The total combat losses of the enemy from 24.02.22 to 12.03.25 are approximately:\n"
            "tanks – 10,218 (+5),\n"
            "UAV operational-tactical level – 28,213 (+122),\n"
            "cruise missiles – 3,094,",
            {
                ("drone", "destroyed", 28213),
                ("drone", "destroyed", 122),
                ("cruise missile", "destroyed", 3094),
            },
        ),
        # an elliptic number takes the class of the fact nearest before it, not of the last found
        (
            "Night of 29 May: 11 Iskander-M missiles, all 11 shot down over Kyiv;\n"
            "night of 30 May: 31 Shaheds from the north and south, 29 destroyed.",
            {
                ("ballistic missile", "launched", 11),
                ("ballistic missile", "destroyed", 11),
                ("drone", "launched", 31),
                ("drone", "destroyed", 29),
            },
        ),
        # named weapons of two classes counted together are missiles; of one class, that class
        (
            "Russia also fired three S-400 or Iskander-M missiles from the ground.",
            {("missile", "launched", 3)},
        ),
        (
            "Russia used two Iskander-M or KN-23 ballistic missiles.",
            {("ballistic missile", "launched", 2)},
        ),
        # the air force's "X (of Y)"
        (
            "Air defence destroyed 50 (of 67) drones and 1 (of 3) missiles overnight.",
            {
                ("drone", "launched", 67),
                ("drone", "destroyed", 50),
                ("missile", "launched", 3),
                ("missile", "destroyed", 1),
            },
        ),
        # "Out of N drones, M were shot down"
        (
            "Out of 81 drones, 61 were shot down.",
            {("drone", "launched", 81), ("drone", "destroyed", 61)},
        ),
        # "either lost or suppressed" is lost, not the verb before it
        (
            "It shot down 266 drones, while a further 88 drones were either lost from radar or suppressed.",
            {("drone", "destroyed", 266), ("drone", "lost", 88)},
        ),
        # an elliptic number with a lost verb after "others"
        (
            "It said 97 drones were downed and 25 others failed to reach their targets.",
            {("drone", "destroyed", 97), ("drone", "lost", 25)},
        ),
        # "along with" keeps the clause's verb; "of US manufacture" is no supply
        (
            "Air defence means shot down two HIMARS rockets of US manufacture and 53 fixed-wing unmanned aerial vehicles.",
            {("rocket", "destroyed", 2), ("drone", "destroyed", 53)},
        ),
        (
            "In addition, 415 fixed-wing drones were destroyed, it said, along with 11 uncrewed boats.",
            {("drone", "destroyed", 415), ("drone", "destroyed", 11)},
        ),
        # "carried out" is not "carried" (supply)
        (
            "The army carried out 84 air strikes, dropping 131 guided bombs.",
            {("glide bomb", "launched", 131)},
        ),
        # "one-way attack uncrewed aerial vehicles" is a drone word
        (
            "Russia launched around 2,000 one-way attack uncrewed aerial vehicles in September.",
            {("drone", "launched", 2000)},
        ),
        # "U.S.-made" is a modifier
        ("Air defences shot down 10 U.S.-made ATACMS missiles.", {("ballistic missile", "destroyed", 10)}),
        # "them" refers to the weapons named last, not to an earlier total of another family
        (
            "Russia fired 75 missiles this morning. Shahed drones were also used, and 13 of them were shot down.",
            {("missile", "launched", 75), ("drone", "destroyed", 13)},
        ),
        # a count and a mixed pair with an article are two classes, not one "air targets" number
        (
            "Two Russian glide bombs and an Iskander ballistic missile hit the city.",
            {("glide bomb", "hit", 2)},
        ),
        # more wording met in the dev pages
        # an active verb right after the phrase beats "with"
        (
            "The team confirmed drone strikes, with at least three drones hitting the containment dome.",
            {("drone", "hit", 3)},
        ),
        # a named weapon's class wins over a class word of the same family
        (
            "Russia launched three 3M22 Zircon hypersonic missiles.",
            {("cruise missile", "launched", 3)},
        ),
        # a part after "including" shares the verb of the total it belongs to
        (
            "Air defences brought down 72 of the 99 missiles fired, including all 10 Kinzhal hypersonic missiles.",
            {
                ("missile", "destroyed", 72),
                ("missile", "launched", 99),
                ("ballistic missile", "destroyed", 10),
                ("ballistic missile", "launched", 10),
            },
        ),
        # a losses tally is a destroyed count
        (
            "Russian losses over the past day amounted to 1,180 personnel, 9 tanks and 96 operational-tactical drones.",
            {("drone", "destroyed", 96)},
        ),
        # count wording of the cnt2_ pages
        # "left Ukraine's airspace" is lost, whoever's airspace it is
        (
            "Air defence shot down 56 drones. Two drones left Ukraine's airspace towards Belarus.",
            {("drone", "destroyed", 56), ("drone", "lost", 2)},
        ),
        # a hyphenated participle is an adjective, not the verb of the next number
        (
            "Air defence units destroyed 14 HIMARS-launched rockets and two Vampire rockets and 9 drones.",
            {("rocket", "destroyed", 14), ("rocket", "destroyed", 2), ("drone", "destroyed", 9)},
        ),
        # ", adding that ..." starts another statement: its passive is not the launch's verb
        (
            "The air force said Russia had launched 397 drones and eight ballistic missiles, "
            "adding that 362 drones had been neutralised.",
            {("drone", "launched", 397), ("ballistic missile", "launched", 8), ("drone", "destroyed", 362)},
        ),
        # "and dozens of missiles" is a vague quantity, not one mixed total
        (
            "Russia uses about 1,500 drones, roughly 1,100 glide bombs and dozens of missiles every week.",
            {("drone", "launched", 1500), ("glide bomb", "launched", 1100)},
        ),
        # the number after "N% of the" is the whole salvo
        (
            "The air force said it had shot down 89% of the 4,198 drones launched in March.",
            {("drone", "launched", 4198)},
        ),
        # ", of which 84 drones were shot down" with the class word repeated
        (
            "Russia struck Ukraine with 2 ballistic missiles and 145 drones overnight, of which 84 drones were shot down.",
            {("ballistic missile", "launched", 2), ("drone", "launched", 145), ("drone", "destroyed", 84)},
        ),
        # "vanished from radars" is lost
        (
            "Russian forces launched 122 drones; 76 drones were downed while 42 decoys vanished from radars.",
            {("drone", "launched", 122), ("drone", "destroyed", 76), ("drone", "lost", 42)},
        ),
        # "shot down ... together with four Iskander-M missiles": "with" after a shoot-down is no launch
        (
            "The air force said the two Zircon missiles were shot down over the capital together with four Iskander-M missiles.",
            {("cruise missile", "destroyed", 2), ("ballistic missile", "destroyed", 4)},
        ),
        # a weapon name does not join a class word across a verb
        (
            "Russia launched 728 drones overnight; 296 Shaheds were shot down by interceptor drones.",
            {("drone", "launched", 728), ("drone", "destroyed", 296)},
        ),
        # a number after a casualty verb is people, not weapons
        (
            "Russia attacked the city with 3 missiles and 2 drones, killing 4 people and injuring 16 in the attack.",
            {("missile", "launched", 3), ("drone", "launched", 2)},
        ),
        # an elliptical number followed directly by its verb: "and 12 lost on radar"
        (
            "Russia launched 60 Shahed drones over 48 hours; 45 were downed and 12 lost on radar.",
            {("drone", "launched", 60), ("drone", "destroyed", 45), ("drone", "lost", 12)},
        ),
        # rules added as later dev families showed them (nov_, lbe_, lbf_, feb_)
        # nominal and idiomatic shoot-downs
        (
            "As of 09:00, the downing of 71 attack UAVs has been confirmed in nine regions.",
            {("drone", "destroyed", 71)},
        ),
        (
            "He said F-16 jets flown by Ukrainian pilots had accounted for 11 of the cruise missiles.",
            {("cruise missile", "destroyed", 11)},
        ),
        ("Ukraine downs 18 drones overnight", {("drone", "destroyed", 18)}),
        # "not one" is no count; supplies and aid packages are not launches
        ("Germany will supply Ukraine with 4,000 attack drones guided by artificial intelligence.", set()),
        ("EU countries have already sent Ukraine 2,300 missiles from their own stocks.", set()),
        (
            "The aid package also covers spare parts, radars and dozens of armoured vehicles, "
            "as well as 450 Brimstone guided missiles.",
            set(),
        ),
        ("Baykar will give Ukraine three Bayraktar TB2 drones free of charge.", set()),
        # flying into a city is reaching it; flying into Belarus is going astray
        (
            "Right after the talks ended, five missiles flew into our city, the mayor said.",
            {("missile", "launched", 5)},
        ),
        (
            "Of the 40 drones, 30 were shot down and four flew into Belarus.",
            {("drone", "launched", 40), ("drone", "destroyed", 30), ("drone", "lost", 4)},
        ),
        # ", two of which were shot down" after a long place and a date
        (
            "Ukrainian forces fired six HIMARS rockets at the building shortly after midnight on 1 January, "
            "two of which were shot down.",
            {("rocket", "launched", 6), ("rocket", "destroyed", 2)},
        ),
        (
            "In all, 114 of the 158 aerial weapons launched were brought down.",
            {("air targets", "destroyed", 114), ("air targets", "launched", 158)},
        ),
        # an army that "lost" drones lost them to the other side; drones "lost" by the defence went astray
        (
            "Russia lost 1,050 troops over the past day, as well as three tanks and 115 operational-tactical drones.",
            {("drone", "destroyed", 115)},
        ),
        ("The air force said 12 drones were lost from radar.", {("drone", "lost", 12)}),
        (
            "The air force shot down nine of 14 drones. Ukraine's military lost five more drones on its radars.",
            {("drone", "destroyed", 9), ("drone", "launched", 14), ("drone", "lost", 5)},
        ),
        # "two more were brought down", "72 drones reported downed": the verb after says what happened
        (
            "Four Kalibr missiles struck the city and two more were brought down by air defences.",
            {("cruise missile", "hit", 4), ("cruise missile", "destroyed", 2)},
        ),
        (
            "Bryansk region bore the brunt, with 72 drones reported downed there.",
            {("drone", "destroyed", 72)},
        ),
        # "21 of the missiles and both drones": two numbers, not one for targets of mixed kinds
        (
            "Bombers fired 23 Kh-101 cruise missiles. Air defence destroyed 21 of the missiles and both drones.",
            {
                ("cruise missile", "launched", 23),
                ("cruise missile", "destroyed", 21),
                ("drone", "destroyed", 2),
            },
        ),
        (
            "Two drones were put out of action by electronic warfare systems, the Kremlin said.",
            {("drone", "lost", 2)},
        ),
        # "Of the drones, ..." names what the numbers after it count
        (
            "Russia launched 500 drones and 20 missiles; air defences neutralised 480 targets. Of the drones, "
            "296 were shot down and 180 were jammed.",
            {
                ("drone", "launched", 500),
                ("missile", "launched", 20),
                ("air targets", "destroyed", 480),
                ("drone", "destroyed", 296),
                ("drone", "lost", 180),
            },
        ),
        # disabled: by electronic warfare, lost; otherwise destroyed
        (
            "Two drones aimed at the Kremlin were disabled by the military using electronic warfare systems.",
            {("drone", "lost", 2)},
        ),
        ("Air defence disabled 12 drones over the region.", {("drone", "destroyed", 12)}),
        (
            "Russia's overnight attack included 40 missiles and 100 drones.",
            {("missile", "launched", 40), ("drone", "launched", 100)},
        ),
        (
            "Russia attacked Kyiv with 18 missiles overnight, and every one of them was shot down.",
            {("missile", "launched", 18), ("missile", "destroyed", 18)},
        ),
        (
            "Ukraine downs all but one of 75 Shahed drones",
            {("drone", "destroyed", 74), ("drone", "launched", 75)},
        ),
        (
            "Russia launched 75 Shahed drones overnight and all but one of them were shot down.",
            {("drone", "launched", 75), ("drone", "destroyed", 74)},
        ),
        (
            "Russia launched 574 drones and 40 ballistic and cruise missiles overnight.",
            {("drone", "launched", 574), ("missile", "launched", 40)},
        ),
        (
            "Ukraine attacked the shipyard with 10 cruise missiles. Air defences shot down seven of the missiles.",
            {("cruise missile", "launched", 10), ("cruise missile", "destroyed", 7)},
        ),
        (
            "Russia launched 27 Shahed drones overnight. All but four of the drones were shot down.",
            {("drone", "launched", 27), ("drone", "destroyed", 23)},
        ),
        ("The company said it aimed to be making seven missiles a day by October.", set()),
        (
            "All 31 missiles launched at Kyiv were destroyed by air defence.",
            {("missile", "launched", 31), ("missile", "destroyed", 31)},
        ),
        (
            "The air force said its forces downed 41 drones and that 17 decoy drones were lost.",
            {("drone", "destroyed", 41), ("drone", "lost", 17)},
        ),
        (
            "Russian bombers fired three Kh-22 missiles shortly after 01:00, two of which hit the building.",
            {("cruise missile", "launched", 3), ("cruise missile", "hit", 2)},
        ),
        # a headline number the body repeats is one fact; a sale is no launch
        (
            "Three Russian missiles kill 17 in Chernihiv city centre\n"
            "Three Russian missiles slammed into the centre of Chernihiv on Wednesday morning, officials said.",
            {("missile", "hit", 3)},
        ),
        ("The State Department approved the possible sale to Ukraine of 3,350 ERAM cruise missiles.", set()),
        # a plain "missiles" in the statement quoted after the lead tells the lead's fact again
        (
            "Air defence shot down four of five ATACMS missiles fired at the city, the ministry said.\n"
            '"Four missiles were shot down by air defence systems on duty," the statement said.',
            {("ballistic missile", "launched", 5), ("ballistic missile", "destroyed", 4)},
        ),
        # "shot down or suppressed": the destroyed verb heads the pair
        (
            "Russia launched 102 drones overnight. Air defence systems shot down or suppressed 58 of the drones.",
            {("drone", "launched", 102), ("drone", "destroyed", 58)},
        ),
        # "detected and destroyed": what became of them, not the sighting
        (
            "The governor said at least 20 drones had been detected and destroyed over the city.",
            {("drone", "destroyed", 20)},
        ),
        # a verb before ", but that" belongs to the other clause
        (
            "It said 747 drones had been shot down or suppressed, but that nine missiles and 56 drones had "
            "struck targets.",
            {("drone", "destroyed", 747), ("missile", "hit", 9), ("drone", "hit", 56)},
        ),
        # "five of the six missiles" are the ATACMS just named, not the defenders' S-400s
        (
            "Ukraine fired six ATACMS missiles at a facility in the Bryansk region, the ministry said.\n"
            "S-400 and Pantsir air defence systems shot down five of the missiles.",
            {("ballistic missile", "launched", 6), ("ballistic missile", "destroyed", 5)},
        ),
        (
            "Ukraine fired six ATACMS ballistic missiles at a facility overnight.\n"
            "Five of the six missiles were shot down by air defence systems, the ministry said.",
            {("ballistic missile", "launched", 6), ("ballistic missile", "destroyed", 5)},
        ),
        # a whole salvo without its number: "both" is two, "all the ..." the launch told before
        (
            "Russia fired 23 cruise missiles and two drones. Twenty-one of the missiles and both drones"
            " were destroyed.",
            {
                ("cruise missile", "launched", 23),
                ("cruise missile", "destroyed", 21),
                ("drone", "launched", 2),
                ("drone", "destroyed", 2),
            },
        ),
        (
            "Ukraine attacked the bay with nine aerial drones. All the aerial drones were destroyed.",
            {("drone", "launched", 9), ("drone", "destroyed", 9)},
        ),
        # "all the aerial drones" are the aerial ones, though maritime drones were told last
        (
            "Ukraine attacked the bay with nine aerial drones and seven maritime drones. All the aerial"
            " drones were destroyed, and all seven maritime drones were destroyed.",
            {
                ("drone", "launched", 9),
                ("drone", "destroyed", 9),
                ("drone", "launched", 7),
                ("drone", "destroyed", 7),
            },
        ),
        # "; all of them", "all of which it said had been shot down"
        (
            "Overnight the occupiers attacked with eight Shahed drones from the south-east; all of them were destroyed.",
            {("drone", "launched", 8), ("drone", "destroyed", 8)},
        ),
        (
            "Ukraine attacked with six ATACMS missiles and 146 drones, all of which it said had been shot down.",
            {
                ("ballistic missile", "launched", 6),
                ("ballistic missile", "destroyed", 6),
                ("drone", "launched", 146),
                ("drone", "destroyed", 146),
            },
        ),
        # "58 of the 59": the salvo's number written again, no weapon word after it
        (
            "Russia launched 59 Shahed drones overnight, and air defence shot down 58 of the 59, the air force said.",
            {("drone", "launched", 59), ("drone", "destroyed", 58)},
        ),
        # a range of one salvo gives its lower bound, as "more than 40" gives 40
        (
            "The governor said Russia had sent between 40 and 50 drones against the district.",
            {("drone", "launched", 40)},
        ),
        # a spaced dash is no range: "on April 24 — 70 missiles and 145 drones"
        (
            "Russia struck with 215 means of air attack overnight on April 24 — 70 missiles and 145 drones — at Kyiv.",
            {("air targets", "launched", 215), ("missile", "launched", 70), ("drone", "launched", 145)},
        ),
        # "..., and some of them were shot down": the verb is the part's, the number was launched
        (
            "Russian forces launched 15 attack drones at the region, and about a dozen of them were shot down.",
            {("drone", "launched", 15)},
        ),
        (
            "Air defence shot down 296 of the drones, while another 415 drones, most of them decoys, were lost.",
            {("drone", "destroyed", 296), ("drone", "lost", 415)},
        ),
        # "three out of four missiles" are of the one class the post named
        (
            "Russia attacked Odesa with Kalibr cruise missiles launched from the Black Sea.\n"
            "Air defences shot down three out of four missiles, the command said.",
            {("cruise missile", "launched", 4), ("cruise missile", "destroyed", 3)},
        ),
        # two named missiles of two classes under one number: missiles, no single class
        (
            "Russia fired 10 Iskander-M ballistic and Iskander-K cruise missiles at Kyiv.",
            {("missile", "launched", 10)},
        ),
        # "One landed on a street": a hit, counted from the salvo just told
        (
            "Four missiles were fired at the city. One landed on a street next to the plant.",
            {("missile", "launched", 4), ("missile", "hit", 1)},
        ),
        # "including about 20 over the capital" shares the verb of the part it follows
        (
            "Air defence units destroyed 47 of the 55 missiles fired, including about 20 over the capital.",
            {("missile", "launched", 55), ("missile", "destroyed", 47), ("missile", "destroyed", 20)},
        ),
        # "72 of them cruise missiles" names its class; "brought down 60." ends its clause
        (
            "Russia launched 76 missiles, 72 of them cruise missiles, and air defences brought down 60.",
            {("missile", "launched", 76), ("cruise missile", "launched", 72), ("missile", "destroyed", 60)},
        ),
        # a supply word before the verb that counts: "jets supplied by allies had shot down 11"
        (
            "Zelensky said jets supplied by Western allies had shot down 11 cruise missiles.",
            {("cruise missile", "destroyed", 11)},
        ),
        # "..., where a plant was hit": the clause is about the place, the weapons were launched
        (
            "Russia fired 574 drones and 40 missiles at Ukraine, concentrating on the west, where a plant"
            " was hit.",
            {("drone", "launched", 574), ("missile", "launched", 40)},
        ),
        # "brought down 32, the air force said"; "including about 20 launched from Belarus"
        (
            "Russia attacked with 44 Shahed drones, and air defences brought down 32, the air force said.",
            {("drone", "launched", 44), ("drone", "destroyed", 32)},
        ),
        (
            "Russia fired more than 50 missiles in 24 hours, Kyiv said, including about 20 launched from Belarus.",
            {("missile", "launched", 50), ("missile", "launched", 20)},
        ),
        # a rate of a count verb is a count by the labels
        (
            "Ukraine is shooting down at least 10 Iranian drones every day.",
            {("drone", "destroyed", 10)},
        ),
        # a participle describing the weapons is no clause verb: the list shares "shot down"
        (
            "Air defences shot down two Storm Shadow cruise missiles, eight rockets fired from HIMARS"
            " launchers and 15 Ukrainian drones over the past day.",
            {("cruise missile", "destroyed", 2), ("rocket", "destroyed", 8), ("drone", "destroyed", 15)},
        ),
        # "16 of the 28 had been destroyed"; "an attack on Crimea by 42 drones" is a launch
        (
            "Russia fired 28 cruise missiles at Ukraine. The air force said 16 of the 28 had been destroyed.",
            {("cruise missile", "launched", 28), ("cruise missile", "destroyed", 16)},
        ),
        (
            "The ministry said its forces had repelled a mass attack on Crimea by 42 Ukrainian drones overnight.",
            {("drone", "launched", 42)},
        ),
        # ", and all were intercepted": launched and destroyed, as "all of them" gives
        (
            "Russia fired six Kinzhals overnight, and all were intercepted.",
            {("ballistic missile", "launched", 6), ("ballistic missile", "destroyed", 6)},
        ),
        # "and none was intercepted": launched; "before contact ... was lost" is a clause of its own
        (
            "During a massive strike on March 9, Russia fired six Kinzhals, and none was intercepted.",
            {("ballistic missile", "launched", 6)},
        ),
        (
            "Mes destroyed three cruise missiles and a drone before contact with his aircraft was lost.",
            {("cruise missile", "destroyed", 3)},
        ),
        # "autonomous" is a word between a number and its weapon
        (
            "Ukraine attacked the ships using seven autonomous sea drones.",
            {("drone", "launched", 7)},
        ),
        # a coordinated subject before "had also been intercepted": both numbers were destroyed
        (
            "The ministry said two Storm Shadow cruise missiles and 24 Ukrainian drones had also been intercepted.",
            {("cruise missile", "destroyed", 2), ("drone", "destroyed", 24)},
        ),
        # "every one of them", told well after the launch
        (
            "Russia fired 16 Kalibr cruise missiles from two frigates and a submarine in the eastern Black Sea "
            "late on Tuesday evening, "
            "and the navy's spokesman said every one of them had been brought down.",
            {("cruise missile", "launched", 16), ("cruise missile", "destroyed", 16)},
        ),
        # "five aerial and eight maritime drones": the first number shares the second's noun
        (
            "The ministry said five aerial and eight maritime drones had tried to reach the bay.",
            {("drone", "launched", 5), ("drone", "launched", 8)},
        ),
        (
            "Russia fired three ballistic and seven cruise missiles at the port.",
            {("ballistic missile", "launched", 3), ("cruise missile", "launched", 7)},
        ),
        # "all four missiles" are the four of a class told before
        (
            "The enemy used four Kh-22 cruise missiles and 30 drones, and gunners shot down all four missiles.",
            {
                ("cruise missile", "launched", 4),
                ("cruise missile", "destroyed", 4),
                ("drone", "launched", 30),
            },
        ),
        # "Twenty of the 26 were destroyed" after the weapons were named without a number
        (
            "Shahed drones flew in from the south before dawn, the governor said. Twenty of the 26 were destroyed.",
            {("drone", "launched", 26), ("drone", "destroyed", 20)},
        ),
        # "three of the 20 hit": the part hit, the whole was told already
        (
            "Russia sent 20 drones at the city; 15 of the 20 were shot down and three of the 20 hit houses.",
            {("drone", "launched", 20), ("drone", "destroyed", 15), ("drone", "hit", 3)},
        ),
        # "multiple launch rocket system" is a noun: the list keeps the verb before it
        (
            "Air defences shot down six rockets of the Vilkha multiple launch rocket system and 40 drones.",
            {("rocket", "destroyed", 6), ("drone", "destroyed", 40)},
        ),
        # "a further 32 after midnight": the part of a total told before, timed
        (
            "All 40 attack drones were shot down: eight before midnight and a further 32 after it.",
            {
                ("drone", "launched", 40),
                ("drone", "destroyed", 40),
                ("drone", "destroyed", 8),
                ("drone", "destroyed", 32),
            },
        ),
        # "launched 30 drones, and 24 were shot down": the passive is the 24's, the 30 were launched
        (
            "The enemy launched 30 Shahed drones at the south overnight, and 24 were shot down, the navy said.",
            {("drone", "launched", 30), ("drone", "destroyed", 24)},
        ),
        # "claims all 10 were destroyed": all N were shot down, so N were launched too
        (
            "The ministry said the raid involved six aerial drones and four sea drones and claims all 10 were destroyed.",
            {
                ("drone", "launched", 6),
                ("drone", "launched", 4),
                ("drone", "launched", 10),
                ("drone", "destroyed", 10),
            },
        ),
        # "all nine had been shot down" after three ballistic and six cruise missiles: a mixed total
        (
            "Russia fired three Iskander-M ballistic missiles and six Kh-101 cruise missiles, "
            "and the air force said all nine had been shot down.",
            {
                ("ballistic missile", "launched", 3),
                ("cruise missile", "launched", 6),
                ("missile", "launched", 9),
                ("missile", "destroyed", 9),
            },
        ),
        # drones that "flew out of Ukrainian airspace" were lost
        (
            "At least nine Shahed drones flew out of Ukrainian airspace into Moldova overnight.",
            {("drone", "lost", 9)},
        ),
        # "including all 12 fired at Odesa": the part shares the verb of the total
        (
            "Air defences destroyed 30 of the 36 missiles, including all 12 fired at Odesa, the army said.",
            {
                ("missile", "destroyed", 30),
                ("missile", "launched", 36),
                ("missile", "launched", 12),
                ("missile", "destroyed", 12),
            },
        ),
        # "unmanned sea vessels" are drones; "neutralised" ends an elliptic count
        (
            "The navy said five unmanned sea vessels approached the bay.",
            {("drone", "launched", 5)},
        ),
        (
            "Russia fires 120 drones and missiles overnight, 98 neutralised",
            {("air targets", "launched", 120), ("air targets", "destroyed", 98)},
        ),
        # "four were shot down" after the weapons were named with no number
        (
            "The missiles, mostly Kh-101s, were fired from bombers over the Caspian. Four were shot down, it said.",
            {("cruise missile", "destroyed", 4)},
        ),
        # "shot down 60 of the missiles, eight of them by F-16s": the 60 were shot down, the 8 a part
        (
            "Russia fired 70 missiles at the grid, and air defences shot down 60 of the missiles, "
            "eight of them destroyed by F-16 jets, the air force said.",
            {("missile", "launched", 70), ("missile", "destroyed", 60), ("missile", "destroyed", 8)},
        ),
        # "70 missiles ... 60 of the missiles" keeps the plain class though a headline named cruise missiles
        (
            "Jets shoot down five cruise missiles as Russia fires 70 missiles at the grid\n"
            "Russia fired 70 missiles at the grid overnight, and air defences shot down 60 of the missiles.",
            {
                ("cruise missile", "destroyed", 5),
                ("missile", "launched", 70),
                ("missile", "destroyed", 60),
            },
        ),
        # "with more than 12 missiles slamming into houses": they hit
        (
            "The city endured its worst night, with more than 12 missiles slamming into homes and schools.",
            {("missile", "hit", 12)},
        ),
        # "US-supplied" is an adjective, not a supply: the list keeps its verb
        (
            "Air defences intercepted eight rockets fired from US-supplied launchers and five Ukrainian drones.",
            {("rocket", "destroyed", 8), ("drone", "destroyed", 5)},
        ),
        # "neither was intercepted": the two were launched
        (
            "The enemy also fired two Kh-59 guided missiles, and neither was intercepted, the spokesman said.",
            {("guided missile", "launched", 2)},
        ),
        # "surface" is a word between a number and its weapon
        (
            "Four surface drones were destroyed near the bridge, the governor said.",
            {("drone", "destroyed", 4)},
        ),
        # "all enemy missiles" are the ATACMS just told of
        (
            "Kyiv attacked the airfield with six ATACMS ballistic missiles. All enemy missiles were intercepted.",
            {("ballistic missile", "launched", 6), ("ballistic missile", "destroyed", 6)},
        ),
        # a headline's "16 Shaheds downed" does not lend its name to the next line's cruise missiles
        (
            "Russia attacks with cruise missiles and drones; 11 of 16 Shaheds downed\n"
            "Russia launched four Kalibr cruise missiles and 16 Shahed drones, adding that all four "
            "missiles and 11 of the drones had been shot down.",
            {
                ("drone", "launched", 16),
                ("drone", "destroyed", 11),
                ("cruise missile", "launched", 4),
                ("cruise missile", "destroyed", 4),
            },
        ),
        # "both Kh-59s and all 13 drones": two salvoes, each with its number
        (
            "Russia attacked with two Kh-59 guided missiles and 13 drones. "
            "Air defences shot down both Kh-59s and all 13 drones.",
            {
                ("guided missile", "launched", 2),
                ("guided missile", "destroyed", 2),
                ("drone", "launched", 13),
                ("drone", "destroyed", 13),
            },
        ),
        (
            "He added that 10 Shahed drones had also been sent and that every one of them had been destroyed.",
            {("drone", "launched", 10), ("drone", "destroyed", 10)},
        ),
        (
            "All 35 of the Shahed drones sent in before dawn were downed.",
            {("drone", "launched", 35), ("drone", "destroyed", 35)},
        ),
        # the rest of a salvo as the object of "shot down"
        (
            "Russia fired four Kh-101 cruise missiles. Three of them hit the bridge, while air defences "
            "shot down the remaining one.",
            {
                ("cruise missile", "launched", 4),
                ("cruise missile", "hit", 3),
                ("cruise missile", "destroyed", 1),
            },
        ),
        # "the other three" and "the remaining 10" that no one shot down are no count
        (
            "Russia fired six missiles at Odesa. Doctors are treating two people and discharged the other three.",
            {("missile", "launched", 6)},
        ),
        (
            "Russia launched 50 drones. The air force said 40 were shot down; it gave no details on the remaining 10.",
            {("drone", "launched", 50), ("drone", "destroyed", 40)},
        ),
        # "every one of the 18" is all 18
        (
            "Air defences intercepted every one of the 18 missiles Russia fired overnight.",
            {("missile", "launched", 18), ("missile", "destroyed", 18)},
        ),
        # the six Kinzhals "including" in the salvo lend no class to "12 of the missiles"
        (
            "Russia fired 18 missiles overnight, including six Kinzhals. Air defences shot down 12 of the missiles.",
            {("missile", "launched", 18), ("ballistic missile", "launched", 6), ("missile", "destroyed", 12)},
        ),
        # "but four reached the capital": the part that got through
        (
            "Russia fired 14 Kh-101 cruise missiles at Kyiv. Some were intercepted, but four reached the capital.",
            {("cruise missile", "launched", 14), ("cruise missile", "hit", 4)},
        ),
        # what the drones carried stands between them and their verb
        ("Seven drones packed with explosives hit the pumping station.", {("drone", "hit", 7)}),
        # weapons used at a rate are counts; made at a rate, or a range of a rate, are not
        (
            "Russia drops more than 100 glide bombs a day on towns along the front line.",
            {("glide bomb", "launched", 100)},
        ),
        ("Ukraine is losing about 10,000 drones a month to Russian jamming.", {("drone", "lost", 10000)}),
        ("Russia now builds about 2,700 Shahed drones a month, intelligence said.", set()),
        # the ones that got through, then their verb
        ("The two drones that were not shot down hit an energy facility, DTEK said.", {("drone", "hit", 2)}),
        ("The two missiles that got through struck port infrastructure.", {("missile", "hit", 2)}),
        # a city or region "hit by" the weapons is attacked by them; a ship or a plant is hit
        (
            "Kharkiv hit by 12 S-300 missiles overnight as city braces for curfew",
            {("anti-aircraft missile", "launched", 12)},
        ),
        ("Mykolaiv was hit by more than 12 missiles and rockets overnight.", {("missile", "launched", 12)}),
        ("The DniproHES plant in Zaporizhzhia was hit by at least two missiles.", {("missile", "hit", 2)}),
        # numbers of people are none, nor the number after them with its noun left out
        (
            "All 35 Shahed drones launched overnight were also shot down. Russia pounded Kyiv, killing at "
            "least five people and injuring more than 130 in the second massive strike in five days. Two "
            "people were killed in Mykolaiv and two in the Odesa region, while four people died in "
            "Khmelnytskyi and four in and around Kyiv.",
            {("drone", "launched", 35), ("drone", "destroyed", 35)},
        ),
        # after a weapon count, the parts by place count (one fact for "eight each over A and B")
        (
            "Air defences shot down 56 drones: 11 over Kyiv, 28 in the Sumy region, eight each over the "
            "Lipetsk and Oryol regions and 17 over Poltava.",
            {
                ("drone", "destroyed", 56),
                ("drone", "destroyed", 11),
                ("drone", "destroyed", 28),
                ("drone", "destroyed", 8),
                ("drone", "destroyed", 17),
            },
        ),
        # a list of weapon words of mixed families is one total; a bare number after its parts counts it
        (
            "On Sunday it fired 537 drones, decoys and missiles at Ukraine, including 477 drones and 60 "
            "missiles, the air force said. It said 249 were shot down and 226 were lost from radar or jammed.",
            {
                ("air targets", "launched", 537),
                ("drone", "launched", 477),
                ("missile", "launched", 60),
                ("air targets", "destroyed", 249),
                ("air targets", "lost", 226),
            },
        ),
        ("Russia fired 40 Shaheds, Gerbera decoys and Geran drones.", {("drone", "launched", 40)}),
        # a multiple launch rocket system is a launcher's name, no launch verb
        (
            "Earlier, the ministry said seven rockets from a Vilkha multiple launch rocket system had been "
            "destroyed. In addition, three French-made Hammer guided aerial bombs and 47 rockets of the "
            "HIMARS and Vampire multiple launch rocket systems were destroyed.",
            {("rocket", "destroyed", 7), ("glide bomb", "destroyed", 3), ("rocket", "destroyed", 47)},
        ),
    ],
)
def test_count_rules(text, expected, catalogue):
    assert facts(text, catalogue) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Russian aircraft are dropping between 60 and 80 guided aerial bombs a day.",  # a range
        "Mounted on a truck, a HIMARS can fire six guided rockets in quick succession.",  # ability
        "Two warships carry a combined salvo of up to 16 Kalibr cruise missiles, the navy said.",
        "Ben Wallace confirmed that 600 Brimstone missiles would follow the tanks.",  # to come
        # "a" is no count, nor is "one" after "a second"
        "Air defences shot down a Ukrainian drone overnight, and a second one was brought down by jamming.",
        # where one weapon fell, told as a scene
        "One missile struck an industrial facility in the Odesa region, killing a guard.",
        "Several explosions hit the city centre, where one missile landed next to a playground.",
        "Russia fired 20 to 30 drones a night in June.",
        "The enemy launched two missile strikes on the town.",  # strikes, not missiles
        "Since 2022, 578 anti-aircraft missile systems have been destroyed.",  # systems
        "The world faces its greatest danger since the 1962 missile crisis, he said.",  # a year
        "Britain will supply Ukraine with 650 more lightweight multirole missiles.",  # supply
        "The package holds 18 howitzers. It also contains 300 more Switchblade loitering munitions.",
        "Germany will ship 500 Stinger surface-to-air missiles from its army's stocks.",  # aid
        # a long aid sentence: "will send" stays aid though the number is far from it
        "Norway will send Ukraine the largest package of equipment it has ever given, Defence Minister "
        "Ola Berg said on Monday, including 300 trucks, 40 boats and over 900 strike and air defence missiles.",
        "Ukraine sets goal of 1,000 interceptor drones a day to counter Shahed swarms",  # a rate
        '"Two missile hits. One on a residential building, the other on a university."',  # events
        "Both drones and missiles were shot down over the region.",  # two kinds: no number
        "All the drones were shot down, the governor said.",  # no launch told: no number
        # what one bomb did, not what became of it
        "Among them were FAB-500 bombs with gliding kits. One destroyed the school in the village.",
    ],
)
def test_not_counts(text, catalogue):
    assert facts(text, catalogue) == set()


def test_a_salvo_told_twice_is_one_fact(catalogue):
    # the second time in a quote, with the weapon's name
    text = (
        "Air defences destroyed all 13 drones that Russia launched at Kyiv. "
        '"All 13 Shaheds were shot down by air defence," the city administration wrote.'
    )
    found = extract_counts(text, matchers_for(catalogue))
    assert [(f.weapon_class, f.launched, f.destroyed) for f in found] == [("drone", 13, 13)]


def test_one_weapon_is_counted_when_launched_or_shot_down(catalogue):
    assert facts("Russia also used two Iskander-M missiles and one Kh-59 guided missile.", catalogue) == {
        ("ballistic missile", "launched", 2),
        ("guided missile", "launched", 1),
    }
    assert facts("One drone was shot down near Domodedovo, the mayor said.", catalogue) == {
        ("drone", "destroyed", 1)
    }


def test_elliptic_number_needs_a_count_verb(catalogue):
    text = (
        "Russia fired nine Kalibr cruise missiles overnight. "
        "In the region three children aged 8, 12 and 17 were killed."
    )
    assert facts(text, catalogue) == {("cruise missile", "launched", 9)}


def test_fragments_of_one_of_them_is_no_hit(catalogue):
    text = "Air defences shot down five ATACMS missiles, and fragments of one of them fell near a beach."
    assert ("missile", "hit", 1) not in facts(text, catalogue)
    assert not any(k == "hit" for _, k, _ in facts(text, catalogue))


def test_not_one_is_no_count(catalogue):
    text = "More than 210 missiles of this type have been launched. Not one of them has been shot down."
    assert not any(kind == "destroyed" for _, kind, _ in facts(text, catalogue))


def test_drones_in_an_aid_tranche_are_no_launch(catalogue):
    text = (
        "The latest tranche contains 72 howitzers and 72 tactical vehicles, plus more than 121 "
        "Phoenix Ghost tactical drones, a senior defence official said."
    )
    assert facts(text, catalogue) == set()
    assert (
        facts("Biden sends Ukraine another $800 million in arms, including 121 new drones", catalogue)
        == set()
    )


def test_rocket_system_projectiles_are_rockets(catalogue):
    text = "Air defence systems shot down 10 Vampire multiple-launch rocket system projectiles."
    assert facts(text, catalogue) == {("rocket", "destroyed", 10)}


@pytest.mark.parametrize("part", ["Fourteen out of 16", "14 of 16", "Fourteen of the 16"])
def test_a_part_out_of_the_salvo_just_told(catalogue, part):
    text = (
        f"Russia launched 16 Shahed drones overnight. {part} were shot down over Odesa, the air force said."
    )
    assert facts(text, catalogue) == {("drone", "launched", 16), ("drone", "destroyed", 14)}


@pytest.mark.parametrize(
    "text",
    [
        "Russia has accumulated more than 800 long-range missiles, including Kh-101 cruise missiles, the agency said.",
        "Russian plants were turning out about 100 long-range missiles a month, among them roughly 40 Kh-101s.",
        "Lockheed Martin said it planned to increase annual output to about 650 missiles.",
    ],
)
def test_a_stockpile_or_an_output_is_no_launch(catalogue, text):
    assert facts(text, catalogue) == set()


def test_losses_put_at_a_list_count_the_drones_in_it(catalogue):
    text = "The General Staff put Russia's losses over the past day at 1,420 troops, 11 tanks and 76 drones."
    assert facts(text, catalogue) == {("drone", "destroyed", 76)}


def test_drones_that_turn_back_or_fail_to_reach_their_targets_are_lost(catalogue):
    text = (
        "Russia launched 78 Shahed drones overnight and 60 of them were shot down. "
        "Two drones turned back into Russian airspace and one flew off in the direction of Belarus. "
        "Air defences shot down 30 more, and another 8 had failed to reach their targets."
    )
    got = facts(text, catalogue)
    assert {("drone", "lost", 2), ("drone", "lost", 1), ("drone", "lost", 8)} <= got
    assert not any(kind == "launched" and n in (1, 2, 8) for _, kind, n in got)


def test_a_number_a_quote_repeats_and_a_comparison_are_one_launch(catalogue):
    text = (
        "Russian aircraft dropped 56 guided aerial bombs on the Sumy region on Wednesday, more than the "
        "region had ever been hit with in one day, its governor said.\n"
        "“Fifty-six guided aerial bombs were used against the people of the Sumy region,” he wrote."
    )
    assert facts(text, catalogue) == {("glide bomb", "launched", 56)}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Russia amassed troops on the border and launched 40 drones overnight.", ("drone", "launched", 40)),
        ("The plant's output fell after Ukraine launched 30 drones at it.", ("drone", "launched", 30)),
        (
            "Russia, which has accumulated a large stockpile, fired 45 missiles overnight.",
            ("missile", "launched", 45),
        ),
    ],
)
def test_a_launch_after_a_stockpile_word_is_still_a_launch(catalogue, text, expected):
    assert facts(text, catalogue) == {expected}


@pytest.mark.parametrize(
    "text",
    [
        "Russia fired 71 cruise missiles during the day, 61 of which were destroyed, as well as 35 S-300 "
        "missiles at targets in the Kharkiv region.",
        "Russia fired 71 cruise missiles, of which 61 were shot down, and 35 S-300 missiles at Kharkiv.",
    ],
)
def test_an_aside_on_the_part_shot_down_leaves_the_next_object_launched(catalogue, text):
    assert facts(text, catalogue) == {
        ("cruise missile", "launched", 71),
        ("cruise missile", "destroyed", 61),
        ("anti-aircraft missile", "launched", 35),
    }


def test_a_part_after_as_well_as_still_shares_a_kill(catalogue):
    text = "Air defences shot down 72 of the 99 missiles, as well as all 10 Kinzhals."
    assert ("ballistic missile", "destroyed", 10) in facts(text, catalogue)


def test_drones_disappearing_from_radar_are_lost_and_a_which_clause_without_its_comma_is_no_aside(catalogue):
    text = (
        "Russia attacked Ukraine with 145 drones, with air defences shooting down 62 of them and 67 others "
        "disappearing from radar. Six Kinzhal missiles, which Ukraine cannot intercept, and six Kh-22 cruise "
        "missiles were fired. The air force, which said it had shot down 102 of the missiles and 99 of the "
        "drones, gave no more detail."
    )
    got = facts(text, catalogue)
    assert {("drone", "lost", 67), ("cruise missile", "launched", 6), ("drone", "destroyed", 99)} <= got
    assert ("cruise missile", "destroyed", 6) not in got


def test_a_salvo_which_was_all_destroyed_is_launched_and_destroyed(catalogue):
    text = (
        "The barrage also included six Shahed-136 attack drones and three reconnaissance drones, "
        "which were also all destroyed, he said."
    )
    assert facts(text, catalogue) == {
        ("drone", "launched", 6),
        ("drone", "destroyed", 6),
        ("drone", "launched", 3),
        ("drone", "destroyed", 3),
    }


def test_a_number_with_its_own_verb_after_a_casualty_aside_still_counts(catalogue):
    text = (
        "Russia launched 40 drones overnight, killing two people, and 30 were shot down, the air force said."
    )
    assert facts(text, catalogue) == {("drone", "launched", 40), ("drone", "destroyed", 30)}
    text = "Russia launched 40 drones overnight, killing five people, and 30 of the 40 were shot down."
    assert ("drone", "destroyed", 30) in facts(text, catalogue)
