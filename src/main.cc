#include "cli/app.h"

int main(int argc, char** argv) { return tdm::cli::Main(argc, argv); }
