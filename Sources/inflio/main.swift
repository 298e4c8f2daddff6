import InflioCLI

InflioCommand.main()
