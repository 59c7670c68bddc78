"""Chit-chat between the story's events: the words of the story (climbing, trains, books, the cat,
running, Portuguese) without its facts, so that a search has near misses to step over.

Rules kept while writing them: no new trips, gifts, book-club books, shared climbing sessions or
family events (the counting questions count those), and nothing that answers an adversarial question.
"""

# ruff: noqa: E501  (chat messages are kept on one line, as written)

from __future__ import annotations

from bench.personal.script import Filler, filler

__all__ = ["FILLERS"]

PIXEL = "2025-03-23"
KIEZFUNK = "2025-08-01"
JULES = "2025-09-11"
TILDA_UNTIL = "2025-11-14"
THEATRE_UNTIL = "2025-07-31"

FILLERS: list[Filler] = [
    filler("""
A: {how's your week going|how are things|you alive?}
B: {tired but fine|surviving|busy, the usual}. you?
A: {same|can't complain|honestly ok}
"""),
    filler("""
A: it's {raining|snowing|grey} again. I'm moving somewhere with a sun
B: Lisbon has sun. just saying
A: don't tempt me
""", until="2025-04-23"),
    filler("""
N: the 8a had a test today and one kid wrote that mitochondria are "the WiFi of the cell"
S: honestly he's not wrong
""", until="2025-07-01"),
    filler("""
S: {the new|our} lighting guy plays Abba in the booth all day. I'm losing it
N: there are worse fates
""", until=THEATRE_UNTIL),
    filler("""
A: are you watching {Severance|The Bear|Shrinking} yet?
B: {two episodes in|not yet|finished it already}. no spoilers
A: my lips are sealed 🤐
"""),
    filler("""
N: Gunnar is very active today, the jar almost overflowed
S: your sourdough starter has more energy than me
N: he had rye flour for breakfast
"""),
    filler("""
S: made the dal you sent me. {Tilda|my neighbour} had two portions
N: the secret is the tadka at the end
S: the what
N: the spices fried in oil. you'll learn
"""),
    filler("""
A: {good morning|morning} ☕
B: too early
"""),
    filler("""
S: the U8 was stuck for 20 minutes under Hermannplatz today
N: and I complain about our trams
""", until=TILDA_UNTIL),
    filler("""
N: my train back from the conference in Halle was cancelled, had to take a regional one
S: Deutsche Bahn never disappoints
N: it disappoints every time, that's the point
""", until="2025-04-15"),
    filler("""
S: easy 5k along the canal before work today, legs feel {fine|heavy|amazing}
N: look at you, a runner
""", since="2025-04-20"),
    filler("""
S: rest day. the running app called me "unproductive" lol
N: the app can mind its own business
""", until="2025-04-05"),
    filler("""
N: went to the climbing hall alone after school, just easy stuff for an hour
S: solo session, respect
N: there was a kids' birthday party on the wall next to me, very humbling
""", until="2025-07-10"),
    filler("""
S: saw a climbing documentary last night, those people are not human
N: the free solo one? I couldn't watch the end
S: I watched it through my fingers
"""),
    filler("""
S: Tilda dragged me to the Prinzenbad, the water was {19|20|21} degrees
N: warm, compared to my harbour adventures
""", since="2025-06-01", until="2025-09-15"),
    filler("""
N: Pixel discovered the bathtub. she sits in it, dry, and stares at me
S: like Biscuit on New Year's
N: exactly like that
""", since=PIXEL, until=TILDA_UNTIL),
    filler("""
N: Pixel knocked {a glass|my phone|a plant pot} off the shelf while looking me in the eyes
S: she's testing gravity. a scientist, like her mum
""", since=PIXEL),
    filler("""
N: <Media omitted>
S: is she... in the laundry basket
N: she lives there now
""", since=PIXEL),
    filler("""
S: Biscuit ate a whole croissant off the kitchen table
N: {iconic|good for her|a queen}
S: Tilda is not amused
""", until=TILDA_UNTIL),
    filler("""
S: walked Biscuit in the Hasenheide for an hour, she wanted to say hello to every single dog
N: social butterfly
""", until=TILDA_UNTIL),
    filler("""
N: Portuguese homework: 20 irregular verbs. I hate "fazer"
S: fazer... sounds like a sneeze
N: it means "to do". as in I do not want to do this
""", until="2025-11-07"),
    filler("""
N: Rui says my accent is "very Brazilian". I've never been to Brazil
S: it's the partners of your classmates, it's contagious
""", since="2025-02-01", until="2025-11-07"),
    filler("""
S: practised bass for an hour, my fingertips are {numb|on fire|gone}
N: that means it's working
""", since="2025-01-27"),
    filler("""
S: our drummer wants to cover a Talking Heads song. I said only if I get to do the bass line right
N: Psycho Killer?
S: how did you know
""", since="2025-03-01"),
    filler("""
A: what are you cooking tonight?
B: {pasta again|leftover soup|toast. don't judge}
A: {respect|solid|no judgement here}
"""),
    filler("""
N: Mattis finished the bookshelf he was building. oak, no nails
S: he's a wizard
N: he's a woodworker, which is the same thing
"""),
    filler("""
N: Mattis is retiling our bathroom and there is dust in places dust shouldn't be
S: I'd help but I'm in Berlin and also useless
""", since="2025-05-20", until="2025-06-10"),
    filler("""
S: we had a sold-out show tonight and the fog machine set off the fire alarm
N: noooo. did they evacuate?
S: only the balcony, the actors kept going
""", since="2025-02-01", until=THEATRE_UNTIL),
    filler("""
N: parents' evening until 9. one dad asked why his son has a C when "he's very good at Minecraft"
S: a fair question honestly
"""),
    filler("""
N: marking marking marking
S: how many this time
N: too many to count. don't ask
"""),
    filler("""
S: I have a cold. {my nose is a tap|I sound like a foghorn|I'm dying, slowly}
N: tea with honey and ginger. and sleep
S: yes mum
"""),
    filler("""
A: {did you see the|have you seen the} video of the goat on the trampoline
B: I've watched it {15|20|30} times
"""),
    filler("""
N: the school garden has its first radishes!! the kids are weirdly proud
S: radishes are the most disappointing vegetable
N: take that back
""", since="2025-04-20", until="2025-07-01"),
    filler("""
S: I'm reading a crime novel Tilda left on the sofa, it's so bad I can't stop
N: that's the best kind
""", until=TILDA_UNTIL),
    filler("""
N: my colleague lent me a book about mushrooms, now I see them everywhere
S: careful what you eat
""", since="2025-09-01"),
    filler("""
A: I need a holiday from my holiday
B: that sounds like a you problem
A: it is very much a me problem
"""),
    filler("""
S: new podcast recommendation: a show about the history of fonts. don't laugh
N: I'm laughing
S: it's GOOD
"""),
    filler("""
S: Ayla made me re-cut a 40-minute episode because of one cough. one
N: was it a loud cough
S: it was a medium cough
""", since=KIEZFUNK),
    filler("""
S: we recorded in a tiny booth today with a chef who kept eating on mic
N: crunchy?
S: so crunchy
""", since=KIEZFUNK),
    filler("""
S: Jules is teaching me to throw pots, I made a bowl that looks like a hat
N: it's a hat bowl. very modern
""", since=JULES),
    filler("""
S: Jules and I played Azul again and I lost again
N: at some point you have to accept it
""", since="2025-09-20"),
    filler("""
N: Jules seems so nice in your stories. I'm happy for you
S: she is. I'm trying not to mess it up
""", since="2025-09-22"),
    filler("""
A: {ugh|sigh}, Monday
B: it's Tuesday
A: see, that's how bad it is
"""),
    filler("""
N: sent you a voice message, sorry it's 6 minutes
S: I'll listen on the train
"""),
    filler("""
A: <Media omitted>
B: 😂😂😂 {where did you find this|I'm crying|sending this to everyone}
"""),
    filler("""
N: the leaves in the park are unreal this week, all orange
S: same here. autumn is the only good season
N: spring?
S: allergies
""", since="2025-10-10", until="2025-11-20"),
    filler("""
S: it's so hot the studio smells like warm cables
N: our classrooms are 31 degrees, the kids are melting
""", since="2025-06-20", until="2025-08-20"),
    filler("""
N: first snow!! Pixel stared out of the window for an hour
S: nothing here, just grey
""", since="2025-11-20"),
    filler("""
S: {the bakery downstairs|my favourite bakery} closed and I'm grieving
N: a moment of silence for the pretzels
"""),
    filler("""
N: I finally fixed the bike light. three weeks of riding in the dark, very safe
S: good!! you're a teacher, be a role model
"""),
    filler("""
A: what's the plan for the weekend?
B: {nothing, and I'm proud of it|sleep|cleaning, sadly|a long walk}
A: {sounds perfect|living the dream|I envy you}
"""),
    filler("""
S: the neighbours are drilling again. it's Sunday
N: in Germany?? call the police
S: I'm writing a very passive-aggressive note
""", until=TILDA_UNTIL),
    filler("""
S: my new neighbour plays the cello at 11pm. beautifully, but still
N: there are worse neighbours
""", since="2025-11-16"),
    filler("""
N: I did a Portuguese podcast on the tram today and understood 60%
S: that's more than I understand of German podcasts
""", since="2025-04-01", until="2025-11-07"),
    filler("""
S: how do you say "I'm tired" in Portuguese
N: estou cansado. you'll need it
""", since="2025-03-01", until="2025-04-20"),
    filler("""
N: the trees in the Clara-Zetkin-Park are finally green again
S: the Overstory has ruined you
N: maybe
""", since="2025-04-15", until="2025-06-01"),
    filler("""
A: {random question|serious question}: pineapple on pizza?
B: {yes|absolutely not|only at 2am}
A: {we can't be friends|correct answer|interesting}
"""),
    filler("""
N: my old climbing shoes finally have a hole in the toe
S: shoe funeral. new ones?
N: they cost 130 euros, so... tape
""", until="2025-07-10"),
    filler("""
S: did a session at Berta Block with Tilda after work, the new routes are brutal
N: jealous. my forearms miss it
""", since="2025-03-01", until="2025-06-20"),
    filler("""
N: I dreamed that Pixel could talk and she only complained
S: that's just a cat
""", since=PIXEL),
    filler("""
S: the vet said Biscuit is "a bit round". Tilda is offended on her behalf
N: she's just fluffy
""", until=TILDA_UNTIL),
    filler("""
A: sorry, missed your call. {in a meeting|on the train|was asleep}
B: no worries, nothing urgent
"""),
    filler("""
N: staff meeting lasted 3 hours and we decided nothing
S: classic
"""),
    filler("""
S: Tilda made shakshuka for the whole building
N: I want to live in your building
""", until=TILDA_UNTIL),
    filler("""
N: Mattis burnt the rice. a man who builds chairs, defeated by rice
S: 😂 everyone has a weakness
"""),
    filler("""
S: the flat-hunting in Berlin is a nightmare, 80 people at one viewing
N: oh no, are you looking?
S: just looking for now
""", since="2025-09-15", until="2025-10-25"),
    filler("""
S: boxes everywhere. I have never owned so many mugs
N: you can't take them all
S: watch me
""", since="2025-11-01", until="2025-11-14"),
    filler("""
N: I miss summer already
S: it's been a week
N: I miss it anyway
""", since="2025-09-01", until="2025-09-30"),
    filler("""
A: {happy Friday|Friday!!} 🎉
B: finally
"""),
    filler("""
N: my students are doing a project on bees and now the classroom has a bee hotel
S: a bee hotel. do they get breakfast
N: pollen, obviously
""", since="2025-03-01", until="2025-07-01"),
    filler("""
S: I accidentally deleted 2 hours of edits today. autosave was off
N: noooo
S: I've made peace with it. I'm lying
""", since=KIEZFUNK),
    filler("""
N: a parent emailed me at 11pm about a missing pencil case
S: did you find it
N: I'm a teacher, not a detective
"""),
    filler("""
S: my bass teacher says I rush the beat when I'm nervous
N: you rush everything when you're nervous
""", since="2025-02-01", until="2025-09-19"),
    filler("""
N: I've started running again, very slowly. 3 km and I wanted to die
S: welcome to the club. it gets better after week 3
""", since="2025-09-01"),
    filler("""
S: Tilda's friend asked if you're single. I said you have a Mattis
N: I do have a Mattis
""", until="2025-06-30"),
    filler("""
A: do you ever think about how weird it is that we've been friends for 12 years
B: {since that terrible hostel in Hamburg|since the summer job at the cinema}
A: best bad job ever
"""),
    filler("""
N: found my old Walkman at my parents' place, with a tape still inside
S: what's on it
N: a mixtape from 2004 with my handwriting on it. very embarrassing
"""),
    filler("""
S: the coffee machine at work broke and productivity dropped to zero
N: same at school, we nearly had a riot in the staff room
"""),
    filler("""
N: booked the dentist for next week, pray for me
S: you'll be fine. the dentist is the half marathon of appointments
"""),
    filler("""
S: what do you get someone who has everything
N: who has everything
S: Tilda's boyfriend. it's his birthday
N: socks. always socks
""", since="2025-05-01", until="2025-10-30"),
    filler("""
N: Pixel has a new enemy: the vacuum cleaner
S: a natural enemy
""", since=PIXEL),
    filler("""
S: Biscuit and I watched the rain together this morning. very peaceful
N: a philosopher dog
""", until=TILDA_UNTIL),
    filler("""
N: watched a documentary about octopuses, I will never eat one again
S: they're too smart. I'm glad I'm veggie
"""),
    filler("""
A: {long day|such a long day|what a day}
B: {tell me about it|same here|hang in there}
"""),
    filler("""
N: it's -4 and the heating in the classroom is broken. the kids are wearing hats
S: very Nordic
""", until="2025-02-28"),
    filler("""
S: spent the evening untangling cables for the band rehearsal. my life is cables
N: a cable whisperer
""", since="2025-06-01"),
    filler("""
N: I reorganised my bookshelf by colour and now I can't find anything
S: a very pretty crisis
"""),
    filler("""
S: {the laundromat|my washing machine} ate a sock. just one. always just one
N: the sock tax
"""),
    filler("""
N: I'm so sleepy. Pixel woke me up at 5 again
S: set an alarm for her
N: she is the alarm
""", since=PIXEL),
    filler("""
N: the ICE to Berlin is 29.90 this week. tempting
S: come!! the sofa misses you
N: marking says no
""", until="2025-12-15"),
    filler("""
S: still dreaming about the nata. the ones at the bakery here are sad
N: you've been ruined
""", since="2025-05-01"),
    filler("""
S: Marek sent the wedding photos, Zofia's dress was amazing and Marek cried through the whole thing
N: the pink t-shirt guys, all grown up
""", since="2025-09-28"),
    filler("""
N: Mattis tried to bake cardamom buns. the kitchen looks like a crime scene
S: did they taste good at least
N: they tasted like ambition
""", since="2025-05-25"),
    filler("""
N: Pixel's vaccination went fine, she screamed the whole time and then purred at the vet
S: drama queen
""", since="2025-04-05", until="2025-10-31"),
    filler("""
S: Biscuit has a yellow raincoat now and refuses to walk in it
N: photo or it didn't happen
S: <Media omitted>
""", until=TILDA_UNTIL),
    filler("""
S: Jules has a pottery exhibition next month, I'm nervous for her
N: she'll be great. you'll carry the vases
""", since="2025-09-25"),
    filler("""
S: found my festival wristband in the washing machine. still smells like the lake
N: keep it forever
""", since="2025-08-19", until="2025-09-30"),
    filler("""
S: went to see the new show at my old theatre. the sound was fine. just fine
N: they miss you
""", since="2025-09-01"),
    filler("""
S: recorded the football podcast today. three men shouting about offside for an hour
N: sounds like my staff room
""", since=KIEZFUNK),
    filler("""
S: new strings on the bass, the old ones sounded like rubber bands
N: look at you, a gear nerd
""", since="2025-02-15"),
    filler("""
N: Herr Pohl brought me a bag of plums from his garden. I have 40 plums now
S: plum cake. obviously
""", since="2025-08-20", until="2025-09-30"),
    filler("""
N: Rui made us sing a fado song in class. I will never recover
S: were you good
N: the cat left the room
""", since="2025-03-24", until="2025-11-07"),
    filler("""
S: my mum sent me an 11-minute voice message about her neighbour's roses
N: that's love
"""),
    filler("""
S: Lucía sent a video of Inés laughing at the dog. I've watched it 40 times
N: send it send it
""", since="2025-06-20"),
    filler("""
N: Mattis is building Pixel a cat tree out of leftover oak. she prefers the box it came in
S: classic cat
""", since="2025-04-01"),
    filler("""
N: Freya called for an hour about napkin colours. I said "green" and she hung up
S: wedding planning, the final boss
""", since="2025-06-01", until="2025-09-11"),
    filler("""
S: played Catan with the band until 2. I lost, naturally
N: is there any game you win
S: rock paper scissors, sometimes
""", since="2025-02-01", until="2025-09-09"),
    filler("""
N: I planted basil on the balcony. day 3 and it already looks disappointed
S: same energy as my bread
""", since="2025-04-01", until="2025-08-31"),
    filler("""
A: {I can't sleep|insomnia club}. you up?
B: {always|sadly yes|barely}
A: {tea?|let's be tired together}
"""),
    filler("""
N: a pupil asked me if I was alive when the dinosaurs were around
S: and were you
N: I said yes, to keep the mystery
"""),
    filler("""
S: the studio has a dog now, a greyhound called Pretzel who sleeps under the mixing desk
N: finally, a real colleague
""", since="2025-09-01"),
    filler("""
N: we had a fire drill in the rain. 600 children, wet, outside, for 40 minutes
S: character building
"""),
    filler("""
S: Tilda and I deep-cleaned the kitchen and found a potato from 2023
N: a fossil
""", until=TILDA_UNTIL),
    filler("""
N: do you still have that green jacket? I saw the same one in a shop here for 200 euros
S: mine was 15 from the flea market
N: of course it was
"""),
    filler("""
S: found a playlist called "marking music for tired teachers". not joking
N: finally, representation
""", since=PIXEL),
    filler("""
N: I ran into my ex at the supermarket. in the frozen food aisle, very symbolic
S: noooo. did you talk
N: about peas
"""),
    filler("""
S: the Ringbahn was so full today I held a stranger's umbrella for 4 stops
N: Berlin intimacy
"""),
    filler("""
N: the kids in the garden club found a hedgehog under the compost
S: the school garden is thriving
N: it's a wildlife park now
""", since="2025-04-25", until="2025-10-31"),
    filler("""
A: {remind me to call you tomorrow|we should call this week}, it's been ages
B: {Sunday?|yes please|deal}
"""),
    filler("""
S: I'm trying to cook more. today: lentil soup. verdict: edible
N: edible is a start
"""),
    filler("""
N: I finished the photosynthesis unit and nobody cried this time
S: growth
N: literally
""", since="2025-02-20", until="2025-06-30"),
    filler("""
S: a listener wrote to the studio to say my editing is "invisible". best compliment ever
N: the invisible man of sound
""", since="2025-09-01"),
    filler("""
N: my neighbour downstairs is learning the trumpet. only the first three notes of the Star Wars theme
S: that's all you need really
"""),
    filler("""
A: I'm officially {addicted to|obsessed with} {crosswords|that word game|sudoku}
B: {same|we're old now|welcome}
"""),
    filler("""
S: our theatre cafeteria has a new cook and the lentil soup is finally edible
N: big news for a vegetarian
""", until=THEATRE_UNTIL),
    filler("""
N: my mum called to ask if I'm eating enough vegetables. I'm a biology teacher
S: she's being thorough
"""),
    filler("""
S: tried to bake bread with the recipe you sent. it's a brick
N: did you let it rise
S: I let it think about rising
""", since="2025-03-01", until="2025-11-29"),
    # Echoes: the story's recurring themes again, with other details, so that meaning alone
    # (a dense search) finds many near misses, as in a real chat that keeps returning to a topic.
    filler("""
S: 8 km in the rain this morning, my shoes are still wet and I feel like a hero
N: a wet hero
""", until="2025-04-04"),
    filler("""
S: intervals on the track today. six times 800 metres. I saw the face of god
N: did god say anything
S: "slow down"
""", since="2025-02-01", until="2025-04-04"),
    filler("""
S: ran 10 km again today, 56 minutes this time, two whole minutes faster than last month
N: look at you go!! the half marathon is in trouble
""", since="2025-02-01", until="2025-02-14"),
    filler("""
S: joined a running group that meets at Tempelhof on Sundays. they all wear matching neon and talk about gels
N: are you wearing neon now
S: not yet
""", until="2025-04-04"),
    filler("""
N: Portuguese today: the past tense. Rui drew a long timeline on the board and we all got lost on it
S: sounds like my bass lessons
""", since="2025-02-01", until="2025-11-07"),
    filler("""
N: no Portuguese class tonight, Rui has the flu. I'm weirdly sad about it
S: a true student
""", since="2025-01-20", until="2025-11-07"),
    filler("""
N: vocabulary quiz on Tuesday, 50 words about food and the kitchen. I know "garfo" and that's it
S: what's garfo
N: fork. very useful
""", since="2025-01-20", until="2025-11-07"),
    filler("""
N: watched a Portuguese film with no subtitles and understood two of the jokes. two!
S: that's two more than me
""", since="2025-04-01", until="2025-12-31"),
    filler("""
N: Rui brought custard tarts from a Portuguese bakery in Lindenau for the last class before the summer
S: the Lisbon nata were better, I bet
""", since="2025-06-25", until="2025-07-04"),
    filler("""
N: Mattis came bouldering with me for the first time. he hated the smell of the chalk and loved everything else
S: a convert!
""", since="2025-04-01", until="2025-07-10"),
    filler("""
S: Jules and I went bouldering at Berta Block after work, she flashed the black one I've been trying for months
N: I like her more every day
""", since="2025-10-25"),
    filler("""
N: back on the wall today! first session since the ankle, only easy routes, and I was so happy
S: slowly slowly
""", since="2025-08-20", until="2025-10-10"),
    filler("""
S: halfway through Piranesi and I don't understand anything, in a good way
N: keep going, it clicks
""", since="2025-02-05", until="2025-03-01"),
    filler("""
N: the chapter of the Overstory with the chestnut tree and the photos of it every month. I had to stop reading for a while
S: I'm not there yet, no spoilers
""", since="2025-03-25", until="2025-05-09"),
    filler("""
S: Demon Copperhead is so long. page 150 and he's still a child
N: it gets worse before it gets better
""", since="2025-07-22", until="2025-10-30"),
    filler("""
N: started Tomorrow, and Tomorrow, and Tomorrow on the tram and missed my stop
S: that good?
N: that good
""", since="2025-05-11", until="2025-06-30"),
    filler("""
S: looking at places to stay in Porto, everything near the river is full or costs a fortune
N: try Bonfim, a colleague stayed there
""", since="2025-03-03", until="2025-04-20"),
    filler("""
S: Jules wants to go to Lisbon next spring. I've become "the Portugal guy" at the studio
N: you went once!
S: once is enough to be an expert
""", since="2025-10-20"),
    filler("""
S: another round of budget meetings at the theatre. everyone is walking around like ghosts
N: hang in there
""", since="2025-05-19", until="2025-06-19"),
    filler("""
S: the contract from Kiezfunk came today. 14 pages. I read every line twice
N: the sign of a responsible adult
""", since="2025-06-22", until="2025-07-25"),
    filler("""
S: band rehearsal tonight, we finally have a set list and a name we don't hate
N: tell me the name!!
S: not yet, it's a secret until it's official
""", since="2025-08-10", until="2025-08-29"),
    filler("""
S: our drummer quit the band for two days and then came back with cake
N: the most dramatic person in any band is always the drummer
""", since="2025-05-01", until="2025-09-18"),
    filler("""
N: Freya sent the wedding menu. there is a whole course of herring. Mattis is already nervous
S: herring for the herring people
""", since="2025-07-01", until="2025-09-10"),
    filler("""
N: my speech draft is three pages long. it should be one. every memory feels important
S: cut the one with the canoe
N: never
""", since="2025-08-25", until="2025-09-11"),
    filler("""
S: Lucía is due in June and already annoyed with everyone who gives her advice
N: wise woman
""", since="2025-03-01", until="2025-06-12"),
    filler("""
S: mum flew home today. the flat is so quiet and the fridge is full of adobo
N: the best kind of goodbye
""", since="2025-04-11", until="2025-04-18"),
    filler("""
S: the festival line-up is out and it has three bands I've actually heard of
N: that's three more than usual
""", since="2025-06-01", until="2025-08-10"),
    filler("""
N: the new fifth graders had their first biology lesson with me and one of them brought a snail in a jar
S: a scientist is born
""", since="2025-09-01", until="2025-10-15"),
    filler("""
N: Pixel sat on my laptop during a video call with the head of department and typed "jjjjjjjjj" into the chat
S: she said what we were all thinking
""", since=PIXEL),
    filler("""
N: Pixel has decided that 4am is breakfast time. every day. I have tried everything
S: have you tried being a cat
""", since=PIXEL),
    filler("""
S: Tilda found a dog sitter for Biscuit for the weekend, a retired teacher who bakes dog biscuits. Biscuit is in heaven
N: a biscuit for Biscuit
""", until=TILDA_UNTIL),
    filler("""
S: edited the cooking podcast all day and now I'm starving. the chef described a risotto for 9 minutes
N: make risotto then
S: I have toast
""", since=KIEZFUNK),
    filler("""
S: recorded a new episode of Cold Files today, a case from the 80s in a small town near Hanover. very creepy
N: I can't listen to those before bed
""", since="2025-08-12"),
    filler("""
N: Mattis sold two of his stools at the market. people pay real money for his chairs now
S: the woodworking empire begins
""", since="2025-04-01"),
    filler("""
S: the new flat has a tiny balcony. I put one chair on it and now I sit there like a king
N: a king of 2 square metres
""", since="2025-11-18"),
    filler("""
N: a long day of marking. 30 lab reports on enzymes and half of them copied the same wrong graph
S: the graph must be popular
""", since="2025-03-01"),
]
