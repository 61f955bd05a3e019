#ifndef TEACH_CGRAPHVIZ_SHIM_H
#define TEACH_CGRAPHVIZ_SHIM_H
#include <graphviz/gvc.h>
#include <graphviz/cgraph.h>
#endif
