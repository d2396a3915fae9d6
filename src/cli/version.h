#pragma once
#ifndef SIPDDOS_VERSION
#define SIPDDOS_VERSION "0.0.0"
#endif
