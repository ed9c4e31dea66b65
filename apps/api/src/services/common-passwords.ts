/**
 * Some of the most used passwords (from the public breach-frequency lists: NCSC's top 100k,
 * SecLists, SplashData's yearly lists), lower-cased. Most are shorter than our 12-character
 * minimum on their own; they matter because people pad them ("Password1234!", "qwerty123456",
 * "monkeymonkey"), which `isCommonPassword` sees through.
 */
export const COMMON_PASSWORDS: ReadonlySet<string> = new Set(
  `
123456 123456789 12345678 12345 1234567 1234567890 123123 111111 000000 654321 666666 121212
112233 123321 7777777 987654321 1234 696969 159753 123qwe 123abc 123654 147258369 123456a
password password1 passw0rd p@ssw0rd p@ssword pa55word pass passwort motdepasse contrasena
qwerty qwerty123 qwerty1 qwertyuiop qwertyu qwert asdfgh asdfghjkl asdf asdfasdf zxcvbnm
zxcvbn azerty azertyuiop qazwsx 1qaz2wsx zaq12wsx zaq1zaq1 1q2w3e4r 1q2w3e4r5t 1q2w3e4r5t6y
1q2w3e 1qazxsw2 q1w2e3r4 q1w2e3r4t5 qweasd qweasdzxc qwe123 asd123 zxc123 abc123 abcd1234
abc12345 a1b2c3 a1b2c3d4 aa123456 1a2b3c iloveyou iloveyou1 iloveu loveyou lovely love
love123 princess princess1 sunshine sunshine1 monkey monkey1 dragon dragon1 letmein
letmein1 welcome welcome1 welcome123 trustno1 master master1 shadow shadow1 superman
batman spiderman ironman hello hello123 hellokitty freedom whatever secret secret1
secret123 admin admin1 admin123 administrator root toor changeme changeme1 default guest
test test123 testing tester demo user login access access14 letmein123 football football1
baseball basketball soccer hockey golfer tennis jordan jordan23 michael michael1 jennifer
jessica ashley amanda daniel charlie charlie1 thomas andrew joshua matthew robert hunter
hunter2 ranger buster pepper ginger maggie tigger tiger cookie chocolate cheese pokemon
starwars computer internet google samsung iphone apple microsoft windows linux ubuntu
mustang ferrari porsche corvette harley yamaha chelsea liverpool arsenal barcelona
realmadrid juventus manchester united america canada london paris berlin summer winter
spring autumn monday friday january flower butterfly angel angel1 baby babygirl
babygirl1 family forever friends friend blessed jesus jesus1 christ faith hope peace
happy smile sweet sweetie honey cutie lovers lover killer killer1 nicole anthony justin
matrix merlin mercedes nirvana rockyou money money1 cash rich bitcoin crypto blockchain
ethereum wallet klerno qwerty12 qwerty1234 1qaz2wsx3edc 1qaz@wsx zaq!2wsx !qaz2wsx
p@ssw0rd1 p@55w0rd passw0rd1 password12 password123 password1234 passwords mypassword
yourpassword newpassword oldpassword nopassword thepassword passpass passwordpassword
letmeinnow openup opensesame 11111111 00000000 88888888 99999999 12341234 11223344
123456789a 123456789q 1234554321 0987654321 9876543210 987654 147258 159357 258456
369258 741852963 789456123 789456 456789 142536 131313 101010 202020 252525 232323
qwertyqwerty asdfqwer qwerasdf asdfghjk zxcvasdf mnbvcxz poiuytrewq lkjhgfdsa ytrewq
abcdef abcdefg abcdefgh abcdefghi abcdefghij abcdefghijk abcdefghijkl alphabet asdfjkl
iloveyou2 iloveyou123 ihateyou loveme loveme1 fuckyou fuckyou1 fuckoff asshole bitch
biteme sexy sexy123 playboy pussy naruto sasuke goku dragonball onepiece minecraft
fortnite roblox pokemon1 zelda mario nintendo playstation xbox360 gaming gamer
qwertyui1 12qwaszx 1q2w3e4r5 q2w3e4r5 aaaaaa aaaaaaaa zzzzzz xxxxxx qqqqqq asdasd
qweqwe zxczxc asdzxc qazqaz wsxwsx 1qaz1qaz 2wsx2wsx 3edc3edc 12345qwert qwert12345
correcthorsebatterystaple letmeinplease pleaseletmein
iamthebest iamgod godisgood thankyou welcomehome homesweethome
`
    .split(/\s+/)
    .filter((word) => word.length > 0),
);
