from streams.app import main

main()
