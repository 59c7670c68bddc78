"""The story, July to December 2025: ankles, a new job, a band, a wedding, a move, Manila."""

# ruff: noqa: E501  (chat messages and answers are kept on one line, as written)

from __future__ import annotations

from bench.personal.script import OD, SH, TE, Ago, Day, Gap, Session, q, session

__all__ = ["AUTUMN"]

AUTUMN: list[Session] = [
    session("2025-07-05", "22:00", """
S: Marek's stag weekend is confirmed: Kraków, 18th to 20th of July  #krakow_plan
S: 9 guys, one Airbnb, matching pink t-shirts. I'm scared  #krakow_pink
N: remind me who Marek is?
S: my best friend from school in Hamburg, he's marrying Zofia in September  #marek
N: a Polish wedding, nice
~
N: summer holidays started last week! six weeks without an alarm clock  #summer_hols
S: teachers 🙄
N: you'll get your holidays at Kiezfunk soon enough
""",
        q(SH, "Where did Marek's stag weekend take place?", "Kraków", "krakow_plan"),
        q(SH, "How does Sam know Marek?", "his best friend from school in Hamburg", "marek"),
        q(TE, "When did Sam leave for the stag weekend?", "18 July 2025", "krakow_plan"),
        q(OD, "Which currency did Sam need on the stag weekend?", "Polish złoty", "krakow_plan"),
        q(OD, "Was Nora teaching in mid-July?", "no, it was the summer holidays", "summer_hols"),
    ),
    session("2025-07-12", "19:00", """
N: so. I sprained my ankle bouldering yesterday  #ankle
N: fell off the top of a yellow problem at the Plagwitz hall and landed half on the mat  #ankle_how
S: NO. how bad
N: crutches for two weeks, no climbing until mid-August at least  #crutches
S: I'm sending Pixel a nurse outfit
N: she's actually been lying on my foot all day
""",
        q(TE, "When did Nora sprain her ankle?", Day("ankle", -1), "ankle"),
        q(SH, "How did Nora hurt her ankle?", "she fell off the top of a bouldering problem", "ankle_how"),
        q(OD, "Could Nora have gone climbing in late July?", "no, she had sprained her ankle", "crutches"),
    ),
    session("2025-07-21", "20:00", """
S: back from Kraków since last night. my voice is gone  #krakow_back
S: we sang every song at a karaoke bar in Kazimierz until 4  #karaoke
S: the salt mine in Wieliczka was actually incredible, there's a whole chapel carved out of salt  #wieliczka
N: did you eat pierogi
S: 3 kinds. the potato and cheese ones won  #pierogi
~
N: ankle update: swelling gone, down to one crutch
N: and for the summer: Demon Copperhead? it's long but we have time  #book_demon
S: ok but if it's sad I'm blaming you
""",
        q(SH, "What was carved out of salt in the mine Sam visited?", "a whole chapel", "wieliczka"),
        q(SH, "Which pierogi did Sam like best?", "potato and cheese", "pierogi"),
        q(TE, "When did Sam get back from Kraków?", Day("krakow_back", -1), "krakow_back"),
    ),
    session("2025-07-31", "21:00", """
S: last day at the theatre today. 7 years. weird feeling  #last_day
S: the team gave me an old fader from the mixing desk, engraved with "more lonely"  #fader
N: oh that's perfect 😭
N: tomorrow new life!
~
N: Pixel caught a moth and brought it to me in bed at 5am  #moth
S: a gift. you should be honoured
""",
        q(SH, "How many years did Sam work at the theatre?", "7", "last_day"),
        q(SH, "What did Sam's theatre colleagues give him when he left?", "an old fader engraved with 'more lonely'",
          "fader"),
        q(TE, "How many days after getting back from Kraków did Sam leave the theatre?",
          Gap(Day("krakow_back", -1), Day("last_day"), "days"), "krakow_back", "last_day"),
    ),
    session("2025-08-08", "19:00", """
S: first week at Kiezfunk done. I'm editing a true crime show called Cold Files, and a cooking one  #cold_files
S: my boss Ayla listens to everything at 1.5x speed and still hears every breath I missed  #ayla
N: a perfectionist, you'll get along
~
N: festival next weekend!! I have the tent, you bring the camping stove  #festival_plan
S: Lakeside Sounds, here we come. is your ankle ready for 3 days of standing?
N: 95%. I'll dance carefully
""",
        q(SH, "What is the true crime podcast Sam edits called?", "Cold Files", "cold_files"),
        q(SH, "Who is Sam's boss at the podcast studio?", "Ayla", "ayla"),
        q(TE, "How long after spraining her ankle did Nora go to the festival?",
          Gap(Day("ankle", -1), Day("festival_plan", 7), "weeks"), "ankle", "festival_plan"),
    ),
    session("2025-08-18", "13:00", """
N: still washing mud out of everything
S: Saturday's rain was biblical. our tent was a swimming pool  #tent_flood
N: worth it for Mira Kalt though. best set of the weekend  #mira_kalt
S: agreed. the Velvet Owls were overrated
S: also I lost my phone charger somewhere near the main stage  #charger
N: swimming in the lake on Sunday morning fixed everything  #lake_swim
""",
        q(SH, "Which act did Nora rate as the best set of the festival?", "Mira Kalt", "mira_kalt"),
        q(TE, "On which date did the rain flood their tent?", Day("tent_flood", -2), "tent_flood"),
        q(SH, "What did they do on the Sunday morning of the festival?", "swam in the lake", "lake_swim"),
        q(OD, "What kind of event was Lakeside Sounds?", "a music festival", "mira_kalt"),
    ),
    session("2025-08-31", "18:00", """
S: my band has a name and a gig!! "Late Checkout", 20th of September at Zukunft am Ostkreuz  #gig_plan
N: LATE CHECKOUT 😂 perfect
S: 7 songs, 2 of them our own
N: I'm trying to come but it's the weekend after Freya's wedding
~
N: school started again. I have new fifth graders, 29 of them, they're tiny  #new_class
S: fresh victims
""",
        q(SH, "What is Sam's band called?", "Late Checkout", "gig_plan"),
    ),
    session("2025-09-10", "21:15", """
N: flying to Gothenburg on Friday. Freya's wedding is on Saturday and I haven't finished my speech  #wedding_fly
S: maid of honour pressure
N: she's marrying Oskar, who I like, so at least I don't have to lie  #oskar
~
S: unrelated... I went on a date. Jules. we met at the board game café on Weserstraße  #jules
N: SAM. details
S: she destroyed me at Azul and then asked me out. I'm in love  #azul
""",
        q(SH, "Who is Nora's sister marrying?", "Oskar", "oskar"),
        q(SH, "Where did Sam meet Jules?", "at the board game café on Weserstraße", "jules"),
        q(TE, "When did Freya get married?", Day("wedding_fly", 3), "wedding_fly"),
        q(OD, "In which country was Freya's wedding?", "Sweden", "wedding_fly"),
    ),
    session("2025-09-16", "19:40", """
N: wedding recap: the ceremony was on Styrsö, a tiny island, we took the ferry in our dresses  #styrso
N: my speech made dad cry. in a good way  #speech
S: of course it did
N: and then we danced until 2 in a boathouse
~
S: Jules and I went to the flea market at Mauerpark on Sunday. she bought me a lamp shaped like a mushroom  #mushroom_lamp
""",
        q(SH, "Where was Freya's wedding ceremony held?", "on Styrsö, a small island", "styrso"),
        q(SH, "Who cried during Nora's wedding speech?", "her dad", "speech"),
    ),
    session("2025-09-21", "11:00", """
S: gig last night!! around 80 people came  #gig_80
S: I messed up the bridge of the second song but nobody noticed except our drummer
N: the video you sent is amazing. you look like you know what you're doing  #gig_video
S: Jules brought six friends from her pottery class  #jules_friends
""",
        q(SH, "How many people came to hear Late Checkout play?", "around 80", "gig_80"),
        q(TE, "When did Sam's band play its first gig?", Day("gig_80", -1), "gig_80"),
        q(TE, "How many days after Freya's wedding was Sam's gig?",
          Gap(Day("wedding_fly", 3), Day("gig_80", -1), "days"), "wedding_fly", "gig_80"),
    ),
    session("2025-10-02", "20:30", """
N: RIP Ingrid. the mechanic says the gearbox is done, the repair would be 2,400 €  #gearbox
N: for a 19-year-old Golf. no
S: 😢 a moment of silence
N: I'm looking at cargo bikes instead. Leipzig is flat anyway
~
S: I'm off to Vienna next week for work, Kiezfunk is recording a live episode of Cold Files at a podcast festival  #vienna_work
N: fancy!! Sam the international sound man
""",
        q(SH, "What broke on Nora's car in October?", "the gearbox", "gearbox"),
        q(OD, "Which river flows through the city Sam went to for work in October?", "the Danube", "vienna_work"),
    ),
    session("2025-10-09", "08:05", """
S: HAPPY BIRTHDAY NORA 🎂🎂🎂 35!!  #nora_35
S: I'm in Vienna but something should arrive at your door today
N: thank you!! ❤️
@ 21:10
N: the package came: a cat-shaped bookend 😂😂 Pixel hates it  #bookend
S: Pixel has no taste
S: the live show went well, 300 people in the room  #live_300
S: and I ate Kaiserschmarrn twice today  #kaiserschmarrn
N: and the Prater?
S: the giant wheel tomorrow before the train
N: also: I bought a cargo bike. a second-hand Babboe for 900 euros, Mattis came with me to pick it up  #cargo_bike
S: Ingrid 2.0
""",
        q(SH, "How old did Nora turn in October?", "35", "nora_35"),
        q(TE, "When is Nora's birthday?", "9 October", "nora_35"),
        q(SH, "What did Sam send Nora for her birthday?", "a cat-shaped bookend", "bookend"),
        q(SH, "What did Nora buy to replace her car?", "a second-hand Babboe cargo bike", "cargo_bike"),
    ),
    session("2025-10-19", "17:00", """
N: home. thank you for the guest room on wheels (the sofa)
S: anytime. how was the teacher training on Friday?
N: 6 hours on "digital assessment". I could have been climbing  #training
S: well, you did climb yesterday
N: best part of the weekend. Berta Block with you and Jules, and my ankle didn't complain once  #boulder3
S: Jules is better than both of us, it's unfair
""",
        q(SH, "Who climbed with Nora and Sam in October?", "Jules", "boulder3"),
        q(TE, "When did Nora and Sam go bouldering with Jules?", Day("boulder3", -1), "boulder3"),
    ),
    session("2025-10-31", "20:00", """
N: Pixel's Halloween costume lasted 4 seconds
N: <Media omitted>
S: a tiny witch hat 😂
~
S: big news: I'm moving. found a one-bedroom in Wedding, I get the keys on the 15th  #moving
S: Tilda is moving in with her boyfriend and taking Biscuit, so it's the end of an era  #tilda_moving
N: the end of the roof parties
S: I'll find a new roof
~
S: finished Demon Copperhead. that one hurt
N: told you. best book of our year?
S: close. Piranesi still wins for me  #best_book
""",
        q(SH, "Which part of Berlin did Sam move to?", "Wedding", "moving"),
        q(SH, "What happened to Biscuit when Sam moved out?", "she went with Tilda", "tilda_moving"),
    ),
    session("2025-11-09", "15:00", """
N: I PASSED. the Portuguese A2 exam yesterday, 87 out of 100  #pt_exam
N: Rui hugged everyone, even the guy who failed
S: parabéns!!! is that right?  #parabens
N: it is!! you learned something
~
S: packing hell. I own 14 cables for no reason
S: and I bought a sofa. a real one, not one from the street  #sofa
""",
        q(SH, "What score did Nora get in her Portuguese exam?", "87 out of 100", "pt_exam"),
        q(TE, "When did Nora take her A2 exam?", Day("pt_exam", -1), "pt_exam"),
        q(TE, "How long after her first Portuguese lesson did Nora pass the A2 exam?",
          Gap(Day("pt_first", -1), Day("pt_exam", -1), "months"), "pt_first", "pt_exam"),
        q(OD, "What did Sam mean when he wrote 'parabéns'?", "congratulations", "parabens"),
    ),
    session("2025-11-17", "21:00", """
S: moved on Saturday!! 4th floor, no lift, Jules and two friends from Kiezfunk carried everything  #moved
S: the sofa almost didn't fit through the stairwell
N: photos!!
S: <Media omitted>
N: that light!! those windows
S: housewarming on the 6th of December. you and Mattis are coming, not a question  #housewarming_date
~
N: Pixel had her teeth cleaned at the vet today. 180 euros for a cat who eats moths  #vet_teeth
""",
        q(SH, "Which floor is Sam's new flat on?", "the 4th floor", "moved"),
        q(SH, "How much did the vet charge for Pixel's teeth cleaning?", "180 euros", "vet_teeth"),
        q(TE, "When did Sam move into his new flat?", Day("moved", -2), "moved"),
        q(TE, "How long ago did Sam move to Wedding?", Ago(Day("moved", -2), "months"), "moved"),
        q(TE, "When was Sam's housewarming party?", "6 December 2025", "housewarming_date"),
    ),
    session("2025-11-30", "18:00", """
N: what should we bring on Saturday? we're coming on the 12:40 train  #hw_train
S: yourselves. and bread, if you're baking
N: I'll bring you a jar of my starter. Gunnar had a baby  #starter_gift
S: a sourdough baby. I'm honoured and terrified
~
S: Cold Files made the top 10 of the podcast charts this week, Ayla bought champagne  #top10
N: your lonely storms are paying off
""",
        q(SH, "What did Nora bring Sam for his new flat?", "a jar of her sourdough starter", "starter_gift"),
    ),
    session("2025-12-07", "19:00", """
N: home again. thank you for the best housewarming, your flat is so cosy
S: thank YOU for coming all the way. and for Gunnar junior
N: feed him every day or he dies
S: bouldering this morning was the perfect hangover cure. Berta Block is officially our place now  #boulder4
N: my forearms disagree
~
S: Mattis and Jules talking about woodworking for 2 hours was the real highlight  #woodworking
""",
    ),
    session("2025-12-16", "20:00", """
N: Christmas plan: Mattis and I take the train up to Gothenburg on the 22nd, back on the 2nd of January  #xmas_plan
S: I fly to Manila on Saturday! Lola turns 90 on the 28th, the whole family is coming  #manila
N: 90!! give her a hug from me
S: 14 hours of flying. I downloaded 30 podcast episodes, for research obviously
~
N: our year in books: five, and I still think about the trees one
S: not bad for two people who claim to have no time
""",
        q(TE, "When did Sam fly to Manila?", Day("manila", 4), "manila"),
        q(SH, "How did Nora and Mattis travel to Gothenburg for Christmas?", "by train", "xmas_plan"),
        q(OD, "Which country does Sam's grandmother live in?", "the Philippines", "manila"),
    ),
    session("2025-12-24", "18:00", """
N: god jul from Gothenburg!! 🎄  #god_jul
N: <Media omitted>
S: your tree is bigger than my flat
S: maligayang pasko from Manila, it's 31 degrees and I'm melting  #manila_heat
N: Freya says hi, and Pixel is staying with Herr Pohl, who sends me a photo every day  #pixel_pohl
""",
        q(SH, "Who looked after Pixel over Christmas?", "Herr Pohl", "pixel_pohl"),
        q(OD, "Which holiday were Nora and Sam wishing each other a happy one on 24 December?", "Christmas",
          "god_jul", "manila_heat"),
    ),
    session("2025-12-28", "16:00", """
S: Lola's party!! 60 people, a lechon the size of a canoe, karaoke since noon  #lola_party
S: she sang My Way and everyone cried  #my_way
N: I'm crying too and I'm not even there
S: I've lived on pancit and rice for 3 days, being vegetarian here is hard
""",
        q(SH, "Which song did Sam's grandmother sing at her party?", "My Way", "my_way"),
    ),
    session("2025-12-31", "23:40", """
N: almost midnight here. thank you for this year, Sam ❤️
S: what a year. a half marathon, a new job, a band, a niece, a flat
N: a cat, a cargo bike, an exam, a married sister
S: next year: full marathon?
N: next year: Portuguese B1, and you visit Leipzig more
S: deal. feliz ano novo!
"""),
]
