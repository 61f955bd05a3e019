import TeachCLI

TeachCommand.entry()
