/dev/fd/3: line 27: ./dw: No such file or directory
