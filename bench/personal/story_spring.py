"""The story, January to June 2025: Nora (Leipzig, biology teacher) and Sam (Berlin, sound engineer)."""

# ruff: noqa: E501  (chat messages and answers are kept on one line, as written)

from __future__ import annotations

from bench.personal.script import OD, SH, TE, Day, Gap, Session, Weekday, q, session

__all__ = ["SPRING"]

SPRING: list[Session] = [
    session("2025-01-02", "11:20", """
N: happy new year from a very hungover Gothenburg 🎆
S: HAPPY NEW YEAR!!! how was it at Freya's?
N: chaotic in the best way. she made all 14 guests play charades until 3 and uncle Bengt acted out Titanic on his own  #charades
S: 😂😂 iconic
S: ours was quiet, Tilda and I watched the fireworks from the roof of our building in Neukölln  #nye_roof
S: Biscuit hated every second of it, she spent the whole night hiding in the bathtub  #biscuit_bathtub
N: poor thing. dogs and fireworks, never a good combination  #dogs_fireworks
~
N: ok resolutions. mine: finally learn Portuguese properly. I signed up for the evening class at the Volkshochschule, starts in two weeks  #resolution_pt
S: obrigado 🙏 that's all I know  #obrigado
S: mine is the half marathon in Berlin in April. I'm actually registered, no way back now  #resolution_half
N: Sam. you hate running
S: I hate running *slowly*. big difference
~
N: flying back to Leipzig tomorrow morning, hopefully the plants survived
""",
        q(SH, "What game did Freya get her New Year's guests to play?", "charades", "charades"),
        q(SH, "Where did Sam watch the fireworks on New Year's Eve?", "from the roof of his building in Neukölln",
          "nye_roof"),
        q(SH, "Where did Biscuit hide during the New Year's fireworks?", "in the bathtub", "biscuit_bathtub"),
        q(SH, "Which language did Nora resolve to learn in 2025?", "Portuguese", "resolution_pt"),
        q(SH, "What race had Sam signed up for at the start of the year?", "the Berlin half marathon",
          "resolution_half"),
        q(OD, "What kind of animal is Biscuit?", "a dog", "biscuit_bathtub", "dogs_fireworks"),
    ),
    session("2025-01-15", "20:05", """
N: first Portuguese class yesterday!  #pt_first
N: the teacher is called Rui, he's from Coimbra and he talks SO fast  #pt_rui
N: there are 11 of us, mostly people with Brazilian partners lol
S: and? can you order a coffee yet
N: um café, por favor. nailed it
S: 👏
~
S: I'm dead. tech week for Woyzeck, 16-hour days in the theatre  #woyzeck_tech
S: the director wants the storm to sound "more lonely". what does that even mean  #lonely_storm
N: fewer thunderclaps, more wind?
S: ...that's actually not bad
~
N: for our little book club: shall we do Klara and the Sun for January? my colleague keeps pushing it  #book_klara
S: the Ishiguro one? ok deal, I'll get it from the library
""",
        q(SH, "Where does Nora's Portuguese teacher come from?", "Coimbra", "pt_rui"),
        q(TE, "When did Nora have her first Portuguese lesson?", Day("pt_first", -1), "pt_first"),
        q(TE, "On which day of the week is Nora's Portuguese evening class?", Weekday("pt_first", -1), "pt_first"),
        q(SH, "Which play was Sam doing the sound for in January?", "Woyzeck", "woyzeck_tech"),
        q(SH, "Which book did Nora propose for January?", "Klara and the Sun", "book_klara"),
    ),
    session("2025-01-26", "18:30", """
S: finished Klara. honest opinion: beautiful but sooo slow
N: noooo, I cried at the end with the sun stuff  #klara_cried
N: ok maybe it's slow. but Klara watching the Cootings machine??
S: the what
N: you skimmed, admit it
S: I skimmed 30 pages 🙈
~
S: premiere was on Friday btw! sold out, and the lonely storm got its own applause  #woyzeck_premiere
N: SEE. wind > thunder
~
S: also did my first 10k since October this morning. 58 minutes, legs are jelly  #first_10k
N: proud of you!!
N: meanwhile my car wouldn't start this morning. -9 degrees, Ingrid just said no  #car_cold
N: my neighbour Herr Pohl jump-started it with his ancient Mercedes  #car_pohl
S: Ingrid is 19 years old, let her retire
N: never
~
S: one more thing, I started bass lessons!! a guy from the lighting crew teaches me on Mondays  #bass_start
N: you?? a musician now
S: a very bad one so far
""",
        q(TE, "When was the Woyzeck premiere?", Day("woyzeck_premiere", -2), "woyzeck_premiere"),
        q(SH, "How fast did Sam run his first 10 km of the year?", "58 minutes", "first_10k"),
        q(SH, "What is Nora's car called?", "Ingrid", "car_cold"),
        q(SH, "Who got Nora's car going when it died in the frost?", "her neighbour Herr Pohl", "car_pohl"),
        q(SH, "Who is teaching Sam the bass?", "a guy from the lighting crew", "bass_start"),
        q(SH, "How did Nora feel about the ending of Klara and the Sun?", "she cried", "klara_cried"),
        q(OD, "What season was it when Nora's car refused to start?", "winter", "car_cold"),
        q(OD, "How many strings does the instrument Sam started learning usually have?", "four", "bass_start"),
    ),
    session("2025-02-04", "21:10", """
N: 28 essays on photosynthesis to mark by Friday. send help  #essays
S: "plants eat sun" A+
N: honestly some of them wrote exactly that
~
N: ok important: your birthday party. still on the 22nd?  #party_date
S: yep, Saturday the 22nd, Kiezbar Lotte from 8. I'm turning 31 which feels illegal  #sam_31
N: I'm coming!! I'll take the train on Friday after school
S: 🥳 you can have the sofa, Tilda said she'll bake something
N: what do you want as a present
S: nothing. your presence. ok maybe a record
~
S: book for February?
N: Piranesi? it's short and weird, you'll like weird  #book_piranesi
S: weird I can do
""",
        q(SH, "How many essays did Nora have to mark in early February?", "28", "essays"),
        q(OD, "Which subject does Nora most likely teach?", "biology", "essays"),
        q(SH, "At which bar did Sam celebrate his birthday?", "Kiezbar Lotte", "sam_31"),
        q(TE, "When was Sam's birthday party?", Day("party_date", 18), "party_date", "sam_31"),
    ),
    session("2025-02-17", "19:45", """
S: my knee has been clicking since the long run on Saturday  #knee_click
S: 14 km, felt fine until km 11
N: ice it!! and see someone
S: physio tomorrow at 8
~
N: cutest video of the week incoming
N: <Media omitted>
S: that's not a cat, that's a loaf
N: my colleague's cat. I want one so badly
""",
        q(TE, "When did Sam's knee start clicking?", Day("knee_click", -2), "knee_click"),
    ),
    session("2025-02-18", "19:00", """
S: physio says it's my IT band, not the knee itself. foam roller every day and no long runs for 10 days  #it_band
N: 10 days is nothing, you'll be fine for April
S: the foam roller is a torture device designed by Swedes
N: excuse me
~
N: train booked: ICE on Friday at 16:12, arriving 17:25 at Berlin Hauptbahnhof  #ice_booked
S: I'll pick you up at the station
N: don't, just send me the address of the bar again
""",
        q(SH, "What did the physiotherapist blame for Sam's knee trouble?", "his IT band", "it_band"),
        q(SH, "What time did Nora's train to Berlin for the birthday party leave?", "16:12", "ice_booked"),
    ),
    session("2025-02-23", "19:30", """
N: home! train was only 20 min late, a miracle
S: thank you for coming, seriously. best birthday in years
S: and the record!! Remain in Light on vinyl, I played it twice already this afternoon  #gift_record
N: Talking Heads for the birthday boy 🎁
N: Tilda's beetroot chocolate cake though. I need that recipe  #beetroot_cake
S: she says it's a family secret, which means it's from a blog
~
N: my forearms are destroyed from the bouldering this morning  #boulder1
S: Berta Block with a hangover was a choice  #boulder1_gym
N: you sent that blue overhang first try, show-off
S: pure luck. and 3 hours of sleep
~
N: sorry again that I ordered the currywurst platter for the table
S: 6 years veggie and you still forget 😤  #sam_veg
""",
        q(SH, "What record did Nora give Sam for his birthday?", "Remain in Light by Talking Heads", "gift_record"),
        q(SH, "What cake did Tilda make for Sam's party?", "a beetroot chocolate cake", "beetroot_cake"),
        q(SH, "Which climbing gym did Nora and Sam visit the morning after his party?", "Berta Block",
          "boulder1_gym"),
        q(OD, "Would Sam order the pork knuckle at a restaurant?", "no, he is vegetarian", "sam_veg"),
    ),
    session("2025-03-02", "19:10", """
S: guess who just booked flights to Lisbon 🙈🙈  #lisbon_booked
N: NO WAY. when??
S: 24th of April, back on the 29th. in the middle I take the train up to Porto for two nights  #lisbon_dates
N: I'm so jealous. you have to practise my Portuguese with me
~
S: finished Piranesi btw. loved it?? the House with the tides and the statues  #piranesi_loved
N: told you!! weird is your genre
~
N: I did something. I went to the Tierheim yesterday just to "look"  #shelter_visit
S: oh no. you're getting a cat
N: there's a grey one with one white paw who sat on my foot for 20 minutes  #grey_cat
N: I filled in the form. they do a home check first
S: it's over for you
""",
        q(SH, "Which city did Sam book flights to in early March?", "Lisbon", "lisbon_booked"),
        q(TE, "When did Sam fly to Lisbon?", "24 April 2025", "lisbon_dates"),
        q(SH, "What did Sam think of Piranesi?", "he loved it", "piranesi_loved"),
        q(TE, "When did Nora first go to the animal shelter?", Day("shelter_visit", -1), "shelter_visit"),
        q(SH, "What did the cat at the shelter look like?", "grey with one white paw", "grey_cat"),
    ),
    session("2025-03-16", "10:30", """
N: the Tierheim called!! home check passed, I can pick her up next Saturday  #home_check
S: CAT MOM
S: name??
N: thinking about Pixel. because of the white paw, like a dead pixel on a screen  #pixel_name
S: I vote Pessoa. you're learning Portuguese, it's destiny  #pessoa
N: absolutely not
~
S: long run today: 16 km, no knee drama  #run_16
N: the foam roller wins
""",
        q(SH, "Why did Nora want to call her cat Pixel?", "because of her white paw, like a dead pixel", "pixel_name"),
    ),
    session("2025-03-23", "20:00", """
N: she's home. we picked her up yesterday morning  #pixel_home
N: <Media omitted>
S: LOOK AT HER
N: the shelter thinks she's about two and was someone's indoor cat  #pixel_age
N: she's been under the sofa for 24 hours, she only comes out for tuna
S: Biscuit says hi and wants to meet her
N: Biscuit would be eaten
~
S: next book: The Overstory? Tilda has a copy  #overstory_pick
N: that's 600 pages, Sam
S: we have until the end of April
N: ok fine but no skimming this time
""",
        q(TE, "When did Nora bring her cat home?", Day("pixel_home", -1), "pixel_home"),
        q(TE, "How long after her first visit to the shelter did Nora bring Pixel home?",
          Gap(Day("shelter_visit", -1), Day("pixel_home", -1), "weeks"), "shelter_visit", "pixel_home"),
        q(SH, "How old is Pixel?", "about two", "pixel_age"),
    ),
    session("2025-03-29", "16:00", """
N: update: Pixel now sleeps on my pile of marking. the essays are covered in grey fur  #pixel_marking
S: best use of those essays
~
S: my mum lands on Tuesday!! she's staying ten days and she's coming to watch the race  #mum_visit
N: Carmen in Berlin! tell her I say hi
S: she's already asking if you'll come. she wants to feed you
N: next time, promise
~
""",
        q(SH, "Who came to Berlin to watch Sam's race?", "his mum Carmen", "mum_visit"),
        q(TE, "When did Sam's mother arrive in Berlin?", Day("mum_visit", 3), "mum_visit"),
    ),
    session("2025-04-06", "15:20", """
S: DONE. 1:54:12  #half_time
S: I can't feel my legs, I can't feel my face, I love everyone
N: SAAAAM!!! I was watching the tracker the whole time, you were flying after km 15
S: mum was standing at km 15 with a sign "GO SAMUEL" in glitter  #mum_sign
S: that's when I sped up, out of shame
N: 😂 I'm so proud of you
S: massive blister on the left foot though. worth it  #blister
~
N: what now? full marathon?
S: ask me in a week. right now: pizza and a bath
""",
        q(SH, "What was Sam's finishing time in the half marathon?", "1:54:12", "half_time"),
        q(TE, "When did Sam run the half marathon?", Day("half_time"), "half_time"),
        q(TE, "How long after his knee started clicking did Sam run the half marathon?",
          Gap(Day("knee_click", -2), Day("half_time"), "weeks"), "knee_click", "half_time"),
        q(OD, "In which season did Sam run his half marathon?", "spring", "half_time"),
    ),
    session("2025-04-12", "11:00", """
N: Easter holidays!! two weeks without pupils  #easter_hols
S: enjoy. what are the plans
N: Pixel, sourdough, and planning the June trip to the Harz with my 8a. 26 kids, 4 days  #harz_plan
S: brave
~
S: Portuguese emergency: how do I ask for the bill
N: "a conta, por favor". and "obrigado" because you're a man  #a_conta
S: obrigado 🫡
~
S: Tilda is watering my plants while I'm in Portugal, and I bought a tiny phrasebook
""",
        q(SH, "How many pupils were going on Nora's class trip in June?", "26", "harz_plan"),
        q(SH, "How did Nora tell Sam to ask for the bill in Portuguese?", "a conta, por favor", "a_conta"),
    ),
    session("2025-04-26", "21:00", """
S: <Media omitted>
S: Lisbon is unreal. I've had 4 pastéis de nata today, the ones at Manteigaria are the best  #nata
N: only 4?
S: took tram 28 up to the castle, packed like a sardine tin  #tram28
S: tonight a fado bar in Alfama, the singer made the whole room go quiet  #fado
N: I'm crying with envy
N: Pixel says hi, she's sitting on my Portuguese homework
S: she's helping
S: tomorrow morning the train to Porto, 3 hours  #porto_train
N: send me pictures of the bridge
""",
        q(SH, "Where did Sam find the best pastéis de nata?", "Manteigaria", "nata"),
        q(SH, "What kind of music did Sam listen to in Alfama?", "fado", "fado"),
        q(TE, "When did Sam go from Lisbon to Porto?", Day("porto_train", 1), "porto_train"),
    ),
    session("2025-04-30", "19:30", """
S: back since last night. Porto > Lisbon, don't tell anyone  #back_porto
S: the queue for Livraria Lello was 90 minutes so I just looked at it from outside  #lello
S: but the port cellar tour in Gaia!! I bought a 20-year tawny  #port_tawny
N: and for me?
S: for you: two hand-painted blue azulejo tiles from a tiny shop near São Bento  #gift_tiles
N: ❤️❤️ they're going above the stove
~
N: Pixel threw up on The Overstory. page 312. I think it's a review  #pixel_overstory
S: 😂 I'm on page 200, it's all trees
""",
        q(SH, "Which did Sam like better, Lisbon or Porto?", "Porto", "back_porto"),
        q(SH, "Why didn't Sam go into the famous bookshop in Porto?", "the queue was 90 minutes", "lello"),
        q(SH, "What souvenir did Sam bring Nora from Portugal?", "two hand-painted blue azulejo tiles", "gift_tiles"),
        q(TE, "When did Sam get back from Portugal?", Day("back_porto", -1), "back_porto"),
        q(SH, "What happened to Nora's copy of The Overstory?", "Pixel threw up on it", "pixel_overstory"),
    ),
    session("2025-05-10", "09:40", """
N: Copenhagen on Wednesday! the Nordic science teachers' conference, I'm running a workshop on school gardens  #cph_conf
S: fancy. are you nervous
N: a bit. 40 people signed up  #workshop_40
N: Mattis joins on Friday evening and we stay for the weekend  #mattis_cph
S: tell him to eat a smørrebrød for me
~
S: I finally finished the tree book. Nora it took me a month
N: next: Tomorrow, and Tomorrow, and Tomorrow? it's about friends who make video games, you'll love it  #book_tomorrow
S: sold
""",
        q(SH, "What was the topic of Nora's workshop at the conference?", "school gardens", "cph_conf"),
        q(TE, "When did Nora leave for Copenhagen?", Day("cph_conf", 4), "cph_conf"),
        q(OD, "Would a fan of video games probably enjoy the book they picked in May?", "yes",
          "book_tomorrow"),
    ),
    session("2025-05-18", "20:20", """
N: back from Copenhagen. the workshop went really well, two schools want to copy our garden  #workshop_success
N: and I swam in the harbour bath at Islands Brygge. 14 degrees. my soul left my body  #harbour_swim
S: you're insane. Swedes
N: the Danes were doing it too!!
N: Mattis had a cardamom bun every single morning, he's been converted  #cardamom
~
S: bad news here. the theatre announced cuts, the sound department goes from 5 people to 3  #theatre_cuts
N: oh no. are you safe?
S: for now. but I don't like it
""",
        q(SH, "How warm was the water when Nora swam in Copenhagen?", "14 degrees", "harbour_swim"),
        q(SH, "What did Mattis eat every morning in Copenhagen?", "a cardamom bun", "cardamom"),
        q(SH, "How many people were to be left in the theatre's sound department?", "3", "theatre_cuts"),
        q(OD, "In which country did Nora swim in a harbour bath?", "Denmark", "harbour_swim"),
    ),
    session("2025-05-28", "21:30", """
S: so... I applied for a job. a podcast studio in Kreuzberg called Kiezfunk  #kiezfunk_apply
N: WHAT. tell me everything
S: they make like 12 podcasts, true crime, food, a football one. they need a sound engineer who can also edit  #kiezfunk_desc
S: interview is next Tuesday  #interview
N: you'll be amazing. you made a play about a murderer sound "lonely"
S: please tell them that
""",
        q(SH, "What kind of company did Sam apply to in May?", "a podcast studio", "kiezfunk_apply"),
        q(TE, "When was Sam's job interview?", Day("interview", 6), "interview"),
        q(OD, "Does Sam's new workplace produce audio or video?", "audio", "kiezfunk_desc"),
    ),
    session("2025-06-04", "18:00", """
S: interview went well I think?? they want me to edit a test episode by Monday  #test_episode
N: 🤞🤞🤞
~
N: Harz trip is in 12 days and I still have 3 kids without permission slips
N: we're staying at the youth hostel in Wernigerode and hiking up the Brocken on day 2  #hostel
S: 26 teenagers on a mountain. I'd rather run the half marathon again
""",
        q(SH, "Where did Nora's class stay on the school trip?", "the youth hostel in Wernigerode", "hostel"),
        q(OD, "In which German state did Nora's class spend their trip?", "Saxony-Anhalt", "hostel"),
    ),
    session("2025-06-15", "10:00", """
S: I'M AN UNCLE 😭😭
S: Lucía had a baby girl yesterday evening. Inés, 3.4 kg, everyone is fine  #ines_born
N: SAM!!! congratulations!! 💕
N: send pictures immediately
S: <Media omitted>
N: she has your frown
S: rude. accurate
~
N: we leave tomorrow for the Harz, pray for me  #harz_leave
""",
        q(SH, "What is the name of Sam's niece?", "Inés", "ines_born"),
        q(TE, "When was Sam's niece born?", Day("ines_born", -1), "ines_born"),
        q(OD, "What is the star sign of Sam's niece?", "Gemini", "ines_born"),
        q(TE, "Was Inés born before or after Nora's school trip started?", "before", "ines_born", "harz_leave"),
    ),
    session("2025-06-21", "12:30", """
N: survived. 26 fourteen-year-olds, 4 days, 1 lost shoe  #harz_survived
N: Leon stepped into a bog on the way up the Brocken and the shoe just vanished  #leon_shoe
S: 😂 RIP shoe
N: he hiked the rest in his spare flip-flops
~
S: my news: Kiezfunk offered me the job!! I start on the 1st of August  #job_offer
N: AAAAH! congratulations!!!
S: I handed in my notice at the theatre yesterday, my boss was nice about it actually  #notice
""",
        q(SH, "What happened to Leon's shoe on the class trip?", "it vanished in a bog", "leon_shoe"),
        q(TE, "When did Sam resign from the theatre?", Day("notice", -1), "notice"),
        q(TE, "When did Sam start at Kiezfunk?", "1 August 2025", "job_offer"),
        q(TE, "How long after his interview did Sam start the new job?",
          Gap(Day("interview", 6), Day("job_offer", 41), "months"), "interview", "job_offer"),
    ),
    session("2025-06-28", "13:40", """
S: on the train, arriving 14:52. which tram do I take
N: the 11 to Südplatz, I'll wait at the stop  #tram11
~
@ 23:40
S: thanks for today. the climbing hall in Plagwitz is amazing, way better than Berta Block  #boulder2
N: you only say that because you sent the purple one
S: correct
S: Pixel is sleeping on my backpack, I can't move it now. I live here
N: she has claimed you
""",
        q(SH, "In which part of Leipzig is the climbing hall Sam liked?", "Plagwitz", "boulder2"),
    ),
]
