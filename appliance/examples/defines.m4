divert(-1)
dnl A TFPS v2 defines.m4 with placeholder values, for tfps-provision --defines-m4 (docs/operator-guide.md).
define(`PRIVATE_IP', `192.0.2.10')          #Private IP of the server
define(`PUBLIC_IP', `203.0.113.10')          #Public IP of the server
define(`PORT', `5060')                        #Port of the Server
define(`SQL_ACCOUNT',`root')                  #SQL account, always use root
define(`SQL_PASSWORD', `')                    #SQL password
define(`ABUSE_DB_KEY', `YOUR-ABUSEIPDB-KEY')  #IP abuse DB key
define(`BUSINESS_HOURS',`America/New_York|20210104T090000|21000104T170000||WEEKLY|||MO,TU,WE,TH,FR')
define(`ISP_EMAIL',`tfps@example.com')                      #Email in the From address
define(`NOTIFICATION_EMAIL',`noc@example.com')             #Email where to send the notifications
define(`AUTHORIZE_METHOD',`302')                      #503 or 302
define(`VERIFICATION_METHOD',`CAPTCHA')               #CAPTCHA/PIN
define(`PIN',`0000')                                  #PIN to authorize calls if the method is PIN
define(`MAX_CAPTCHAATTEMPTS',`3')               #Max failed capctha_attempts
define(`CACHE_BLOCK_TIME',`3600')               #Block failed captcha for this time
define(`MAX_CONCURRENT',`5')                    #Maximum number of concurrent calls
define(`DESTINATION_COUNTRIES_BLACKLIST',`CU,LV,TN,DZ,MA,AF,IQ,LK,LH,MV,TD,GN,EE,MG')
define(`SMTP_HOST',`smtp.example.com')            #EMAIL ACCOUNT CONFIGURATION
define(`SMTP_EMAIL',`tfps@example.com')     #EMAIL ACCOUNT CONFIGURATION
define(`SMTP_ACCOUNT','example')           #EMAIL ACCOUNT CONFIGURATION (v2's own quote slip kept)
define(`SMTP_USER',`tfps')                 #EMAIL ACCOUNT CONFIGURATION
define(`SMTP_PASSWORD',`change-me')         #EMAIL ACCOUNT CONFIGURATION
