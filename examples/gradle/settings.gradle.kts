rootProject.name = "winattn-example"
