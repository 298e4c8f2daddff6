import InflioCLI

/// The executable only hands over to the command line library.
@main
enum Entry {
    static func main() async {
        await InflioCommand.main()
    }
}
